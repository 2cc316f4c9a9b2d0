namespace GitGateway.Plan.Model;

/// <summary>A header or query parameter match (<c>Exact</c> or <c>RegularExpression</c>).</summary>
public sealed record StringMatch(MatchKind Type, string Name, string Value);
