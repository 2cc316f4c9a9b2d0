namespace GitGateway.Proxy.Upstream;

/// <summary>
/// The endpoint one request (or one try) goes to; disposing it ends the request's count for least-request, so hold
/// it until the response has been relayed.
/// </summary>
internal readonly struct EndpointPick(UpstreamEndpoint endpoint) : IDisposable
{
    /// <summary><c>host:port</c>.</summary>
    public string Authority => endpoint.Authority;

    /// <summary><c>http://host:port</c>.</summary>
    public string Origin => endpoint.Origin;

    public void Dispose() => endpoint.End();
}
