using GitGateway.Proxy.Upstream;

namespace GitGateway.Proxy.Forwarding;

/// <summary>
/// The endpoints of one backend (Service port), picked per request by <see cref="LoadBalancing"/>. The set is a
/// snapshot that endpoint discovery replaces as pods come and go (<see cref="Update"/>); a request holds the endpoint
/// it picked, so one removed while requests are in flight is drained: it gets no new requests, those running finish.
/// </summary>
internal sealed class BackendEndpoints
{
    private readonly LoadBalancing _mode;
    private UpstreamEndpoint[] _set;
    private int _turn = -1;

    public BackendEndpoints(IReadOnlyList<string> authorities, LoadBalancing mode = LoadBalancing.RoundRobin)
    {
        _mode = mode;
        _set = [.. authorities.Select(a => new UpstreamEndpoint(a))];
    }

    /// <summary>The endpoints as <c>host:port</c>, now.</summary>
    public string[] Authorities => [.. Volatile.Read(ref _set).Select(e => e.Authority)];

    /// <summary>The endpoint for the next request; dispose it when the request is done.</summary>
    public EndpointPick Pick()
    {
        var chosen = EndpointBalancer.Choose(Volatile.Read(ref _set), _mode, ref _turn);
        chosen.Begin();
        return new EndpointPick(chosen);
    }

    /// <summary>
    /// Replaces the endpoints (never with none: the caller keeps a fallback); endpoints that stay keep their
    /// in-flight counts.
    /// </summary>
    public void Update(IReadOnlyList<string> authorities)
    {
        ArgumentOutOfRangeException.ThrowIfZero(authorities.Count);
        var current = Volatile.Read(ref _set).ToDictionary(e => e.Authority, StringComparer.Ordinal);
        Volatile.Write(ref _set, [.. authorities.Select(a => current.TryGetValue(a, out var kept) ? kept : new UpstreamEndpoint(a))]);
    }
}
