namespace GitGateway.Plan.Model;

/// <summary>A response the proxy sends without a backend.</summary>
public sealed record DirectResponse(int StatusCode, string? Body);
