namespace GitGateway.Proxy.Forwarding;

/// <summary>
/// A backend's answer whose head has arrived, from either upstream path (HttpClient, or the HTTP/1.1
/// connection pool): the status to decide on (retry codes), then the head and the streamed body to relay.
/// </summary>
internal abstract class UpstreamResponse : IDisposable
{
    public abstract int Status { get; }

    /// <summary>Status and end-to-end headers onto the client's response.</summary>
    public abstract void CopyHead(HttpResponse response);

    /// <summary>The body (and trailers where the path has them), chunk by chunk as it arrives.</summary>
    public abstract Task CopyBodyAsync(HttpResponse response, CancellationToken cancellationToken);

    public abstract void Dispose();
}
