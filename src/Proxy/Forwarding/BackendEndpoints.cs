namespace GitGateway.Proxy.Forwarding;

/// <summary>The endpoints of one backend (Service port), chosen round-robin per request.</summary>
internal sealed class BackendEndpoints
{
    private readonly string[] _origins;
    private int _next = -1;

    public BackendEndpoints(IReadOnlyList<string> authorities)
    {
        Authorities = [.. authorities];
        _origins = Authorities.Select(a => "http://" + a).ToArray();
    }

    /// <summary>The endpoints as <c>host:port</c>.</summary>
    public string[] Authorities { get; }

    /// <summary>The next endpoint's index.</summary>
    public int NextIndex()
    {
        var n = Interlocked.Increment(ref _next) & int.MaxValue;
        return n % Authorities.Length;
    }

    /// <summary>The origin (<c>http://host:port</c>) of an endpoint.</summary>
    public string Origin(int index) => _origins[index];
}
