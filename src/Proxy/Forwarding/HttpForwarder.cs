using System.Net.Sockets;
using System.Security.Authentication;
using GitGateway.Plan.Model;
using GitGateway.Proxy.Filters;
using GitGateway.Proxy.Forwarding.Http1;
using GitGateway.Proxy.Routing;
using Microsoft.AspNetCore.Http.Features;

namespace GitGateway.Proxy.Forwarding;

/// <summary>
/// Sends a request to a backend and streams the answer back, with the rule's timeouts (Gateway API
/// HTTPRouteTimeouts: <c>request</c> covers the whole exchange including retries, <c>backendRequest</c> one try;
/// both answer 504) and retries. A request body is streamed; with a retry policy it is also recorded up to
/// <see cref="ReplayableBody.Bound"/> (64 KiB) so a retry can send it again, and a larger body is sent once,
/// without retries. A backend that refuses connections answers 503, any other transport failure 502.
/// Requests to HTTP/1.1 backends go over <paramref name="http1"/>'s pooled connections when it is given; HTTP/2
/// (h2c, gRPC) and protocol switches (WebSocket) always go through <paramref name="client"/>; a backend under a
/// BackendTLSPolicy goes through its own TLS client, and a handshake that fails validation answers 502.
/// </summary>
internal sealed class HttpForwarder(HttpMessageInvoker client, TimeProvider time, Http1Upstream? http1 = null)
{
    /// <remarks>
    /// A rule with neither timeouts nor retries (the common case) is one try with the request's own token, returned
    /// as that try's own task: an awaiting step around it would be one more state machine allocated per request. The
    /// result names <paramref name="backend"/>, so the entry's step returns this task as its own too. On HTTP/1.x and
    /// HTTP/2 the try is carried by the client connection's (the stream's) <see cref="ForwardTry"/>, which allocates
    /// nothing per request.
    /// </remarks>
    public ValueTask<EntryResult> ForwardAsync(
        HttpContext context, CompiledBackend backend, UpstreamTarget target, RouteTimeouts? timeouts, RetryPolicy? retry, ResponseShaper onResponse)
    {
        if (timeouts is null && retry is null)
        {
            var body = UpstreamRequestFactory.HasBody(context) ? context.Request.Body : null;
            return ForwardTry.Of(context) is { } connectionTry
                ? connectionTry.StartAsync(this, context, backend, target, body, onResponse)
                : TryOnceAsync(context, backend, target, body, null, null, context.RequestAborted, null, onResponse);
        }

        return ForwardWithPolicyAsync(context, backend, target, timeouts, retry, onResponse);
    }

    private async ValueTask<EntryResult> ForwardWithPolicyAsync(
        HttpContext context, CompiledBackend backend, UpstreamTarget target, RouteTimeouts? timeouts, RetryPolicy? retry, ResponseShaper onResponse)
    {
        using var requestDeadline = timeouts?.RequestMs is { } requestMs ? Linked(context.RequestAborted, requestMs) : null;
        var requestToken = requestDeadline?.Token ?? context.RequestAborted;
        var withBody = UpstreamRequestFactory.HasBody(context);
        using var replay = withBody && retry is not null ? ReplayableBody.TryCreate(context.Request.Body, context.Request.ContentLength) : null;
        var attempts = retry is null || (withBody && replay is null) ? 1 : 1 + Math.Max(0, retry.Attempts);
        var tryMs = timeouts?.BackendRequestMs ?? retry?.PerTryTimeoutMs;
        for (var attempt = 1; ; attempt++)
        {
            var policy = attempt < attempts ? retry : null;
            var body = withBody ? replay?.NextTry() ?? context.Request.Body : null;
            var step = await TryOnceAsync(context, backend, target, body, replay, tryMs, requestToken, policy, onResponse);
            if (!step.Outcome.Again)
            {
                return step;
            }

            if (!await BackoffAsync(retry!, requestToken))
            {
                var last = step.Outcome;
                return Named(backend, Fail(context, requestToken.IsCancellationRequested ? 504 : last.Status, last.Endpoint ?? "", last.Error ?? ""));
            }
        }
    }

    /// <summary>
    /// One try: a final outcome, or (when <paramref name="retry"/> allows and the body, if any, can still be
    /// replayed) the reason to try again (<see cref="ForwardOutcome.Again"/>).
    /// </summary>
    private async ValueTask<EntryResult> TryOnceAsync(
        HttpContext context, CompiledBackend backend, UpstreamTarget target, Stream? body, ReplayableBody? replay, long? tryMs, CancellationToken requestToken, RetryPolicy? retry, ResponseShaper onResponse)
    {
        using var pick = backend.Endpoints!.Pick();
        var endpoint = pick.Authority;
        target = target with { Origin = pick.Origin };
        using var tryDeadline = tryMs is { } ms ? Linked(requestToken, ms) : null;
        var token = tryDeadline?.Token ?? requestToken;
        UpstreamResponse response;
        try
        {
            response = await SendAsync(context, backend.Tls, endpoint, target, body, token);
        }
        catch (Exception e) when (IsFailure(e))
        {
            return Named(backend, Failure(context, e, endpoint, await MayRetryAsync(retry, replay, requestToken), requestToken));
        }

        using (response)
        {
            if (retry is not null && retry.Codes.Contains(response.Status) && await MayRetryAsync(retry, replay, requestToken) is not null)
            {
                return Named(backend, ForwardOutcome.Retry(response.Status, endpoint, "retry-code"));
            }

            return Named(backend, await RelayAsync(context, response, target, endpoint, token, onResponse));
        }
    }

    /// <summary>Whether <see cref="Failure"/> answers for an exception of a try's send; any other is a bug and propagates.</summary>
    internal static bool IsFailure(Exception e) => e is OperationCanceledException or BadHttpRequestException or HttpRequestException;

    /// <summary>
    /// What a try whose send failed with <paramref name="e"/> comes to: the client went away (499), its body broke its
    /// framing (its 400, never retried), the try timed out (504), the backend could not be reached or dropped the
    /// connection before answering (503, as Envoy answers "reset before headers"), or answered with something that is
    /// not HTTP or failed its BackendTLSPolicy validation (502); a retryable one when <paramref name="retry"/> allows
    /// (given only when the body, if any, can be sent again).
    /// </summary>
    internal static ForwardOutcome Failure(HttpContext context, Exception e, string endpoint, RetryPolicy? retry, CancellationToken requestToken)
    {
        switch (e)
        {
            case OperationCanceledException when context.RequestAborted.IsCancellationRequested:
                return new ForwardOutcome(499, endpoint, "client-abort");
            case BadHttpRequestException bad:
                return Fail(context, bad.StatusCode, endpoint, "client-body");
            case OperationCanceledException:
                var again = retry is not null && !requestToken.IsCancellationRequested;
                return again ? ForwardOutcome.Retry(504, endpoint, "timeout") : Fail(context, 504, endpoint, "timeout");
        }

        var http = (HttpRequestException)e;
        var tls = IsTlsFailure(http);
        var malformed = tls || http.HttpRequestError is HttpRequestError.InvalidResponse or HttpRequestError.HttpProtocolError;
        var (status, error) = tls ? (502, "upstream-tls") : malformed ? (502, "upstream-protocol") : (503, http.InnerException is SocketException ? "connect" : "reset");
        return retry is not null && (malformed || retry.RetryOnConnectFailure) ? ForwardOutcome.Retry(status, endpoint, error) : Fail(context, status, endpoint, error);
    }

    private static bool IsTlsFailure(HttpRequestException e)
    {
        for (var inner = e.InnerException; inner is not null; inner = inner.InnerException)
        {
            if (inner is AuthenticationException)
            {
                return true;
            }
        }

        return e.HttpRequestError is HttpRequestError.SecureConnectionError;
    }

    /// <summary>
    /// The node's own HTTP/1.1 pool when it serves the request, else HttpClient. Not itself async: a request waits
    /// for its backend inside the pool's exchange, and one more awaiting step here would be one more state machine
    /// allocated per request (bench/proxy/README.md).
    /// </summary>
    internal ValueTask<UpstreamResponse> SendAsync(HttpContext context, UpstreamTlsClient? tls, string endpoint, UpstreamTarget target, Stream? body, CancellationToken token) =>
        tls is null && http1 is not null && Http1Upstream.Serves(target)
            ? http1.SendAsync(context, endpoint, target, body, token)
            : SendThroughClientAsync(context, tls, endpoint, target, body, token);

    private async ValueTask<UpstreamResponse> SendThroughClientAsync(HttpContext context, UpstreamTlsClient? tls, string endpoint, UpstreamTarget target, Stream? body, CancellationToken token)
    {
        // Under a BackendTLSPolicy the origin says https so that HTTP/2 requests carry :scheme https (RFC 9113
        // §8.3.1: the scheme of the target URI); the handler takes the TLS stream the TLS client's ConnectCallback
        // opened as the connection.
        var message = UpstreamRequestFactory.Create(context, tls is null ? target : target with { Origin = UpstreamTlsClient.SecureOrigin(endpoint) }, body, token);
        var sent = false;
        try
        {
            var response = new ClientUpstreamResponse(message, await (tls?.Invoker ?? client).SendAsync(message, token));
            sent = true;
            return response;
        }
        catch (Exception) when (StreamingBodyContent.ClientFailure(message, token) is { } badBody)
        {
            throw badBody; // the client's body broke its framing: its 400, as on the HTTP/1.1 path, never retried
        }
        finally
        {
            if (!sent)
            {
                message.Dispose();
            }
        }
    }

    /// <summary>
    /// The policy when a try may be repeated: it allows one, and the body, if any, is still all recorded once the try's
    /// read in flight has ended (<see cref="ReplayableBody.ClaimRetryAsync"/>); else null.
    /// </summary>
    private static async ValueTask<RetryPolicy?> MayRetryAsync(RetryPolicy? retry, ReplayableBody? replay, CancellationToken requestToken) =>
        retry is not null && (replay is null || await replay.ClaimRetryAsync(requestToken)) ? retry : null;

    internal async ValueTask<ForwardOutcome> RelayAsync(
        HttpContext context, UpstreamResponse response, UpstreamTarget target, string endpoint, CancellationToken token, ResponseShaper onResponse)
    {
        var status = response.Status;
        try
        {
            if (status == StatusCodes.Status101SwitchingProtocols && target.Upgrade is not null && response is ClientUpstreamResponse switched)
            {
                await UpgradeAsync(context, switched.Message, onResponse);
                return new ForwardOutcome(status, endpoint, null);
            }

            response.CopyHead(context.Response);
            onResponse.Apply(context);
            await response.CopyBodyAsync(context.Response, token);
            return new ForwardOutcome(status, endpoint, null);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or HttpRequestException)
        {
            if (!context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested)
            {
                // The body failed before a byte of the answer reached the client (a malformed first chunk, a
                // timeout): the client still gets a status, 504 or 502, as Envoy answers, not a reset.
                var failed = e is OperationCanceledException ? StatusCodes.Status504GatewayTimeout : StatusCodes.Status502BadGateway;
                context.Response.Clear();
                context.Response.StatusCode = failed;
                return new ForwardOutcome(failed, endpoint, "body");
            }

            // Mid-body failure or timeout: the status is already sent, so the only honest signal is a reset.
            context.Abort();
            return new ForwardOutcome(context.RequestAborted.IsCancellationRequested ? 499 : status, endpoint, "body");
        }
    }

    private static async Task UpgradeAsync(HttpContext context, HttpResponseMessage response, ResponseShaper onResponse)
    {
        var upgrade = context.Features.Get<IHttpUpgradeFeature>()!;
        ResponseCopier.CopyHead(response, context.Response, keepUpgrade: true);
        onResponse.Apply(context);
        var upstream = await response.Content.ReadAsStreamAsync(context.RequestAborted);
        await using var downstream = await upgrade.UpgradeAsync();
        await StreamSplicer.SpliceAsync(downstream, upstream, context.RequestAborted);
        await upstream.DisposeAsync();
    }

    private async Task<bool> BackoffAsync(RetryPolicy retry, CancellationToken token)
    {
        if (retry.BackoffMs <= 0)
        {
            return true;
        }

        try
        {
            await Task.Delay(TimeSpan.FromMilliseconds(retry.BackoffMs), time, token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>What the entry's step reports: the outcome's status, the backend and the outcome.</summary>
    internal static EntryResult Named(CompiledBackend backend, ForwardOutcome outcome) => new(outcome.Status, backend.Id, outcome);

    private static ForwardOutcome Fail(HttpContext context, int status, string endpoint, string error)
    {
        if (context.Response.HasStarted)
        {
            context.Abort();
        }
        else
        {
            context.Response.StatusCode = status;
        }

        return new ForwardOutcome(status, endpoint, error);
    }

    private Deadline Linked(CancellationToken token, long milliseconds) => new(token, milliseconds, time);
}
