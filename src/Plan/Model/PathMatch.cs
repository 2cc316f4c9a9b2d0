namespace GitGateway.Plan.Model;

/// <summary>A path match (<c>Exact</c>, <c>PathPrefix</c> or <c>RegularExpression</c>).</summary>
public sealed record PathMatch(MatchKind Type, string Value);
