namespace GitGateway.Reconciler.Review;

/// <summary>
/// What the apply of <paramref name="Branch"/> serves now: the commit last applied and the team folders it keeps from
/// earlier commits (<c>ControlPlaneState.KeptTeams</c>). A merge into that branch is applied against this, not against
/// the pull request's base: when a team's files fail, its folder comes from here (<see cref="Apply.TeamIsolation"/>),
/// so the review takes it from here too, and the plan the comment shows is the plan the apply serves.
/// </summary>
internal sealed record PlanInForce(string Branch, string? Commit, IReadOnlyDictionary<string, string> KeptTeams);
