namespace GitGateway.Plan.Model;

/// <summary>How a string is matched.</summary>
public enum MatchKind
{
    /// <summary>Equal (header names case-insensitive, values case-sensitive).</summary>
    Exact,

    /// <summary>Path prefix on <c>/</c> segment boundaries.</summary>
    PathPrefix,

    /// <summary>A .NET regular expression evaluated with <c>RegexOptions.NonBacktracking</c>, anchored at both ends.</summary>
    RegularExpression,
}
