using GitGateway.Proxy.Forwarding;
using GitGateway.Proxy.Observability;

namespace GitGateway.Proxy.Filters;

/// <summary>
/// Gateway API RequestMirror (HTTPRequestMirrorFilter): a copy of the request goes to the mirror backend and its
/// answer is ignored; the client's request never waits for it. A request body reaches the mirror through a
/// <see cref="MirrorBodySink"/> as the client sends it, with the client's Content-Length when it sent one
/// (chunked otherwise). A mirror Service under a BackendTLSPolicy gets its copy over the policy's TLS client, as
/// its requests would: never in cleartext. Bounded by a short timeout so stuck mirrors do not pile up; copies that fail or are
/// abandoned are logged at Debug and counted in <c>gitgateway_proxy_mirror_abandoned_total</c>.
/// </summary>
internal sealed partial class MirrorSender(HttpMessageInvoker client, TimeProvider time, MirrorCounters counters, ILogger<MirrorSender> logger)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Starts the copy when this request is in the mirrored fraction; with <paramref name="withBody"/> returns the
    /// sink the client's body must be copied into (see <see cref="RequestBodyTee"/>), else null.
    /// </summary>
    public MirrorBodySink? Send(HttpContext context, MirrorTarget mirror, in UpstreamTarget original, bool withBody)
    {
        if (!mirror.Sample())
        {
            return null;
        }

        var endpoints = mirror.Endpoints;
        using var pick = endpoints.Pick();
        var origin = mirror.Tls is null ? pick.Origin : UpstreamTlsClient.SecureOrigin(pick.Authority);
        var target = original with { Origin = origin, Http2 = mirror.Http2, Upgrade = null };
        var deadline = new CancellationTokenSource(Timeout, time);
        var sink = withBody ? new MirrorBodySink(mirror.BackendId, deadline, OnAbandoned) : null;
        var content = sink is null ? null : new StreamingBodyContent(sink.Body, deadline.Token, ownsSource: true);
        var message = UpstreamRequestFactory.Create(context, target, content);
        counters.Sent();
        _ = SendAsync(mirror.Tls?.Invoker ?? client, message, mirror.BackendId, deadline, sink);
        return sink;
    }

    private async Task SendAsync(HttpMessageInvoker invoker, HttpRequestMessage message, string backendId, CancellationTokenSource deadline, MirrorBodySink? sink)
    {
        try
        {
            using var response = await invoker.SendAsync(message, deadline.Token);
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or IOException)
        {
            if (sink?.Abandoned != true)
            {
                counters.Abandoned(MirrorCounters.Failed);
                LogMirrorFailed(logger, backendId, e.Message);
            }
        }
        finally
        {
            message.Dispose();
            if (sink is null)
            {
                deadline.Dispose();
            }
            else
            {
                sink.Release();
            }
        }
    }

    private void OnAbandoned(string backendId, string reason)
    {
        counters.Abandoned(reason);
        LogMirrorAbandoned(logger, backendId, reason);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "mirror to {Backend} failed: {Reason}")]
    private static partial void LogMirrorFailed(ILogger logger, string backend, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "mirror copy to {Backend} abandoned: {Reason}")]
    private static partial void LogMirrorAbandoned(ILogger logger, string backend, string reason);
}
