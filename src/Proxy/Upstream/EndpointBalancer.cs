namespace GitGateway.Proxy.Upstream;

/// <summary>Picks an endpoint out of a snapshot by the node's <see cref="LoadBalancing"/>.</summary>
internal static class EndpointBalancer
{
    /// <summary>Up to this many endpoints least-request compares them all; above it, two at random.</summary>
    public const int FullScanLimit = 16;

    public static UpstreamEndpoint Choose(UpstreamEndpoint[] set, LoadBalancing mode, ref int turn)
    {
        var start = (Interlocked.Increment(ref turn) & int.MaxValue) % set.Length;
        if (mode == LoadBalancing.RoundRobin || set.Length == 1)
        {
            return set[start];
        }

        if (set.Length > FullScanLimit)
        {
            var a = set[Random.Shared.Next(set.Length)];
            var b = set[Random.Shared.Next(set.Length)];
            return b.InFlight < a.InFlight ? b : a;
        }

        var best = set[start];
        for (var i = 1; i < set.Length && best.InFlight > 0; i++)
        {
            var candidate = set[(start + i) % set.Length];
            if (candidate.InFlight < best.InFlight)
            {
                best = candidate;
            }
        }

        return best;
    }
}
