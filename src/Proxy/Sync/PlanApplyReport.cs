namespace GitGateway.Proxy.Sync;

/// <summary>
/// A node's answer to a plan revision: <paramref name="Accepted"/> true is an ACK, false a NACK with
/// <paramref name="Error"/>; <paramref name="Ready"/> says whether the node serves the revision with all its
/// listeners bound.
/// </summary>
public sealed record PlanApplyReport(string NodeName, string PlanHash, bool Accepted, string? Error, bool Ready)
{
    /// <summary>The VIP announcer's sessions when the node runs one, else null.</summary>
    public IReadOnlyList<PeerReport>? Peers { get; init; }

    /// <summary>The plan hash the node serves after this answer (after a NACK: its last good plan), or null.</summary>
    public string? Serving { get; init; }

    /// <summary>
    /// The VIP ids the node's announcer announces because the proxy serves them (null without an announcer): the
    /// control plane's fleet view (<c>GET /v1/fleet</c>) is made of these.
    /// </summary>
    public IReadOnlyList<string>? VipServing { get; init; }

    /// <summary>The VIP ids the announcer keeps announced at the floor although the proxy does not serve them (null without an announcer).</summary>
    public IReadOnlyList<string>? VipHeld { get; init; }

    /// <summary>Per-route request counters since the node started (for the control plane's canary watch), or null.</summary>
    public IReadOnlyList<RouteCounters>? Routes { get; init; }
}
