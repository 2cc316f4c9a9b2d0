using GitGateway.Proxy.Sync;

namespace GitGateway.Reconciler.Apply;

/// <summary>
/// What a node last said: the plan hash it answered for, ACK or NACK (with its error), readiness, when, and its
/// VIP announcer's BGP sessions (null when the node announces nothing).
/// </summary>
internal sealed record NodeStatus(string Name, string PlanHash, bool Accepted, string? Error, bool Ready, DateTimeOffset LastSeen, IReadOnlyList<PeerReport>? Peers = null)
{
    /// <summary>The plan hash the node serves (after a NACK, its last good plan), when it said.</summary>
    public string? Serving { get; init; }

    /// <summary>When the node last reported (a long-poll alone does not count): the fleet view ages from it.</summary>
    public DateTimeOffset? ReportedAt { get; init; }

    /// <summary>The VIP ids the node's announcer announces because its proxy serves them; null without an announcer.</summary>
    public IReadOnlyList<string>? VipServing { get; init; }

    /// <summary>The VIP ids the node's announcer keeps announced at the floor only; null without an announcer.</summary>
    public IReadOnlyList<string>? VipHeld { get; init; }
}
