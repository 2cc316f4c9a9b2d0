using GitGateway.Proxy.Forwarding;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace GitGateway.Proxy.Filters;

/// <summary>
/// Gateway API RequestMirror: a copy of the request (headers, no body) goes to the mirror backend and its
/// answer is ignored; the client's request never waits for it. Bounded by a short timeout so stuck mirrors
/// do not pile up.
/// </summary>
internal sealed partial class MirrorSender(HttpMessageInvoker client, TimeProvider time, ILogger<MirrorSender> logger)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    public void Send(HttpContext context, MirrorTarget mirror, in UpstreamTarget original)
    {
        if (!mirror.Sample())
        {
            return;
        }

        var endpoints = mirror.Endpoints;
        var target = original with { Origin = endpoints.Origin(endpoints.NextIndex()), Http2 = mirror.Http2, Upgrade = null };
        var deadline = new CancellationTokenSource(Timeout, time);
        var message = UpstreamRequestFactory.Create(context, target, content: null);
        _ = SendAsync(message, mirror.BackendId, deadline);
    }

    private async Task SendAsync(HttpRequestMessage message, string backendId, CancellationTokenSource deadline)
    {
        try
        {
            using var response = await client.SendAsync(message, deadline.Token);
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
        {
            LogMirrorFailed(logger, backendId, e.Message);
        }
        finally
        {
            message.Dispose();
            deadline.Dispose();
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "mirror to {Backend} failed: {Reason}")]
    private static partial void LogMirrorFailed(ILogger logger, string backend, string reason);
}
