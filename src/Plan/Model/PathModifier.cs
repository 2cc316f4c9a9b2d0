namespace GitGateway.Plan.Model;

/// <summary>A path change: <c>ReplaceFullPath</c> or <c>ReplacePrefixMatch</c> (of the entry's PathPrefix match).</summary>
public sealed record PathModifier(string Type, string Value);
