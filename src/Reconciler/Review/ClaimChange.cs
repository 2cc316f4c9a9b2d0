namespace GitGateway.Reconciler.Review;

/// <summary>One change to what a team claims (its <c>team.yaml</c>) or to the platform's delegations: the platform's to grant.</summary>
internal sealed record ClaimChange(string Team, string File, string Change);
