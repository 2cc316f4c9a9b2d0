namespace GitGateway.Plan.Model;

/// <summary>A rewrite before forwarding; null members keep the request's value.</summary>
public sealed record RewriteFilter(string? Hostname, PathModifier? Path);
