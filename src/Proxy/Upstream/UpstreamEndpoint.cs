namespace GitGateway.Proxy.Upstream;

/// <summary>One endpoint (<c>host:port</c>) of a backend and the requests this node has in flight to it.</summary>
internal sealed class UpstreamEndpoint(string authority)
{
    private int _inFlight;

    public string Authority { get; } = authority;

    /// <summary><c>http://host:port</c>.</summary>
    public string Origin { get; } = "http://" + authority;

    public int InFlight => Volatile.Read(ref _inFlight);

    public void Begin() => Interlocked.Increment(ref _inFlight);

    public void End() => Interlocked.Decrement(ref _inFlight);
}
