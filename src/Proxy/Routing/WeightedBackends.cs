namespace GitGateway.Proxy.Routing;

/// <summary>
/// Weighted choice among a rule's backends (Gateway API BackendRef weight). Backends of weight 0 take no traffic;
/// when every weight is 0 there is nothing to choose and the rule answers 500.
/// </summary>
internal sealed class WeightedBackends
{
    private readonly CompiledBackend[] _backends;
    private readonly int[] _cumulative;
    private readonly int _total;

    public WeightedBackends(CompiledBackend[] backends)
    {
        _backends = backends;
        _cumulative = new int[backends.Length];
        var sum = 0;
        for (var i = 0; i < backends.Length; i++)
        {
            sum += Math.Max(0, backends[i].Weight);
            _cumulative[i] = sum;
        }

        _total = sum;
    }

    public int Count => _backends.Length;

    public IReadOnlyList<CompiledBackend> All => _backends;

    /// <summary>A backend by weight, or null when no backend carries weight.</summary>
    public CompiledBackend? Choose()
    {
        if (_total == 0)
        {
            return null;
        }

        if (_backends.Length == 1)
        {
            return _backends[0];
        }

        var ticket = Random.Shared.Next(_total);
        var cumulative = _cumulative;
        for (var i = 0; i < cumulative.Length; i++)
        {
            if (ticket < cumulative[i])
            {
                return _backends[i];
            }
        }

        return _backends[^1];
    }
}
