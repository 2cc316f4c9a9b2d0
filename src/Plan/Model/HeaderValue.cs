namespace GitGateway.Plan.Model;

/// <summary>A header name and value.</summary>
public sealed record HeaderValue(string Name, string Value);
