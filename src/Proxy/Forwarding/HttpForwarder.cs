using System.Net.Sockets;
using GitGateway.Plan.Model;
using GitGateway.Proxy.Filters;
using GitGateway.Proxy.Routing;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace GitGateway.Proxy.Forwarding;

/// <summary>
/// Sends a request to a backend and streams the answer back, with the rule's timeouts (Gateway API
/// HTTPRouteTimeouts: <c>request</c> covers the whole exchange including retries, <c>backendRequest</c> one try;
/// both answer 504) and retries (only for requests without a body, which can be sent again). A backend that
/// refuses connections answers 503, any other transport failure 502.
/// </summary>
internal sealed class HttpForwarder(HttpMessageInvoker client, TimeProvider time)
{
    public async Task<ForwardOutcome> ForwardAsync(
        HttpContext context, CompiledBackend backend, UpstreamTarget target, RouteTimeouts? timeouts, RetryPolicy? retry, ResponseShaper onResponse)
    {
        var aborted = context.RequestAborted;
        using var requestCts = timeouts?.RequestMs is { } requestMs ? Linked(aborted, requestMs) : null;
        var requestToken = requestCts?.Token ?? aborted;
        var withBody = UpstreamRequestFactory.HasBody(context);
        var attempts = retry is null || withBody ? 1 : 1 + Math.Max(0, retry.Attempts);
        var tryMs = timeouts?.BackendRequestMs ?? retry?.PerTryTimeoutMs;
        var endpoints = backend.Endpoints!;
        string? endpoint = null;
        for (var attempt = 1; ; attempt++)
        {
            var index = endpoints.NextIndex();
            endpoint = endpoints.Authorities[index];
            target = target with { Origin = endpoints.Origin(index) };
            using var tryCts = tryMs is { } ms ? Linked(requestToken, ms) : null;
            var token = tryCts?.Token ?? requestToken;
            using var message = UpstreamRequestFactory.Create(context, target, withBody, token);
            HttpResponseMessage response;
            try
            {
                response = await client.SendAsync(message, token);
            }
            catch (OperationCanceledException) when (aborted.IsCancellationRequested)
            {
                return new ForwardOutcome(499, endpoint, "client-abort");
            }
            catch (OperationCanceledException)
            {
                if (attempt < attempts && !requestToken.IsCancellationRequested && await BackoffAsync(retry!, requestToken))
                {
                    continue;
                }

                return Fail(context, 504, endpoint, "timeout");
            }
            catch (HttpRequestException e)
            {
                var refused = e.InnerException is SocketException || e.HttpRequestError == HttpRequestError.ConnectionError;
                if (attempt < attempts && (retry!.RetryOnConnectFailure || !refused) && await BackoffAsync(retry, requestToken))
                {
                    continue;
                }

                return Fail(context, refused ? 503 : 502, endpoint, refused ? "connect" : "upstream");
            }

            using (response)
            {
                if (attempt < attempts && retry!.Codes.Contains((int)response.StatusCode) && await BackoffAsync(retry, requestToken))
                {
                    continue;
                }

                return await RelayAsync(context, response, target, endpoint, token, onResponse);
            }
        }
    }

    private async Task<ForwardOutcome> RelayAsync(
        HttpContext context, HttpResponseMessage response, UpstreamTarget target, string endpoint, CancellationToken token, ResponseShaper onResponse)
    {
        var status = (int)response.StatusCode;
        try
        {
            if (status == StatusCodes.Status101SwitchingProtocols && target.Upgrade is not null)
            {
                await UpgradeAsync(context, response, onResponse);
                return new ForwardOutcome(status, endpoint, null);
            }

            ResponseCopier.CopyHead(response, context.Response, keepUpgrade: false);
            onResponse.Apply(context);
            await ResponseCopier.CopyBodyAsync(response, context.Response, token);
            return new ForwardOutcome(status, endpoint, null);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or HttpRequestException)
        {
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
