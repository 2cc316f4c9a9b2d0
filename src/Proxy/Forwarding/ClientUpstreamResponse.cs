namespace GitGateway.Proxy.Forwarding;

/// <summary>A response received through HttpClient (HTTP/2, upgrades, and HTTP/1.1 when the pool is off).</summary>
internal sealed class ClientUpstreamResponse(HttpRequestMessage request, HttpResponseMessage message) : UpstreamResponse
{
    public HttpResponseMessage Message => message;

    public override int Status => (int)message.StatusCode;

    public override void CopyHead(HttpResponse response) => ResponseCopier.CopyHead(message, response, keepUpgrade: false);

    public override Task CopyBodyAsync(HttpResponse response, CancellationToken cancellationToken) =>
        ResponseCopier.CopyBodyAsync(message, response, cancellationToken);

    public override void Dispose()
    {
        message.Dispose();
        request.Dispose();
    }
}
