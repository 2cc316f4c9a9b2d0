namespace GitGateway.Reconciler.Apply;

/// <summary>
/// What the control plane keeps on disk so that a restart resumes where it was: the revision in force and its
/// commit, the last commit looked at on the target branch (applied, refused or frozen), a commit waiting for a
/// freeze window to close (and which window), each node's last status, and why the last commit looked at since the
/// revision in force was refused or had its canary rollout halted (if it was), so a restart still says why the target
/// branch's head is not what the nodes serve. Every member added since the first has a default: a state file saved
/// before it reads as "not known".
/// </summary>
internal sealed record ControlPlaneState(
    long Revision,
    string? AppliedCommit,
    string? PlanHash,
    string? LastSeenCommit,
    string? PendingCommit,
    IReadOnlyDictionary<string, NodeStatus> Nodes,
    ApplyRefusal? Refused = null)
{
    public static ControlPlaneState Empty { get; } = new(0, null, null, null, null, new Dictionary<string, NodeStatus>());

    /// <summary>
    /// Team folders (<c>teams/&lt;team&gt;/</c>) whose files in the plan in force come from an earlier commit, because
    /// they did not render on the applied one: the folder and that commit (<see cref="TeamIsolation"/>).
    /// </summary>
    public IReadOnlyDictionary<string, string>? KeptTeams { get; init; }

    /// <summary>
    /// For each folder of <see cref="KeptTeams"/>, the first error that kept it (<c>file:line:col: error Code: …</c>,
    /// already escaped for display), so the status says where to look and not only that something failed.
    /// </summary>
    public IReadOnlyDictionary<string, string>? KeptTeamErrors { get; init; }

    /// <summary>Which freeze window holds <see cref="PendingCommit"/>, when one does; null otherwise (or not known).</summary>
    public FreezeHold? Frozen { get; init; }

    /// <summary>Where and why the last canary rollout that halted stopped, and for which commit; null when none did (or not known).</summary>
    public CanaryHalt? Halted { get; init; }
}
