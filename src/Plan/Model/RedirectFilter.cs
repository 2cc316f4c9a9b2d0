namespace GitGateway.Plan.Model;

/// <summary>A redirect; null members keep the request's value.</summary>
public sealed record RedirectFilter(string? Scheme, string? Hostname, int? Port, PathModifier? Path, int StatusCode);
