using GitGateway.Plan.Model;
using GitGateway.Reconciler.Apply;

namespace GitGateway.Reconciler.Review;

/// <summary>
/// What the apply of <paramref name="Branch"/> serves now: the commit last applied and the team folders it keeps from
/// earlier commits (<c>ControlPlaneState.KeptTeams</c>). A merge into that branch is applied against this, not against
/// the pull request's base: when a team's files fail, its folder comes from here (<see cref="Apply.TeamIsolation"/>),
/// so the review takes it from here too, and the plan the comment shows is the plan the apply serves.
/// </summary>
internal sealed record PlanInForce(string Branch, string? Commit, IReadOnlyDictionary<string, string> KeptTeams)
{
    /// <summary>
    /// The revision the edge serves (its plan is what the apply's guard compares a new head with); null when nothing
    /// is applied, or when it was read while the apply was between saving a new revision and publishing it.
    /// </summary>
    public PlanRevision? Serving { get; init; }

    /// <summary>The commit of <see cref="Branch"/> the apply looked at last and holds (not applied), or null.</summary>
    public string? HeldCommit { get; init; }

    /// <summary>Why <see cref="HeldCommit"/> is held, as the apply recorded it; null when nothing is held.</summary>
    public string? HeldReason { get; init; }

    /// <summary>
    /// What the apply of <paramref name="branch"/> serves and holds, from its saved <paramref name="state"/>, the
    /// revision the publisher gives every node and the pause switch: a commit the apply looked at last and did not
    /// apply is held because it was refused (its refusal's title), waits for a pause or a freeze window (which one and
    /// until when, as the state keeps it), or had its canary rollout halted (the one way a commit is looked at, not
    /// applied, and neither refused nor waiting: at which canary and why, as the state keeps it). The reason is one
    /// bounded line of at most <see cref="MaxReason"/> characters.
    /// </summary>
    public static PlanInForce Of(string branch, ControlPlaneState state, PlanRevision? serving, PauseRecord? pause)
    {
        var consistent = serving is not null && serving.PlanHash == state.PlanHash;
        var held = state.LastSeenCommit is { } seen && seen != state.AppliedCommit ? seen : null;
        return new PlanInForce(branch, state.AppliedCommit, state.KeptTeams ?? new Dictionary<string, string>())
        {
            Serving = consistent ? serving : null,
            HeldCommit = held,
            HeldReason = held is null ? null : Reason(state, held, pause),
        };
    }

    // The refusals' titles say "not applied: …"; the comment's line says that already.
    private const string NotApplied = "not applied: ";

    /// <summary>How much of a reason the held line shows (a pause's reason is the operator's, the rest Git's or a node's).</summary>
    internal const int MaxReason = 300;

    private static string Reason(ControlPlaneState state, string held, PauseRecord? pause) => BoundedText.Clean(
        state.Refused is { } refused && refused.Commit == held
            ? (refused.Title.StartsWith(NotApplied, StringComparison.Ordinal) ? refused.Title[NotApplied.Length..] : refused.Title)
            : state.PendingCommit != held
                ? "its canary rollout was halted" + (state.Halted is { } halt && halt.Commit == held ? " at " + halt.Describe() : "")
                : pause is not null ? "applies are paused: " + pause.Reason
                : "a freeze window is open" + (state.Frozen is { } frozen && frozen.Commit == held ? ": " + frozen.Describe() : ""),
        MaxReason);
}
