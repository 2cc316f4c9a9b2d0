using GitGateway.Plan.Model;

namespace GitGateway.Renderer.Manifests;

/// <summary>One rule of a route, as read.</summary>
/// <param name="Name">The rule name, or null.</param>
/// <param name="Matches">The matches (empty: match everything).</param>
/// <param name="Filters">Rule-level filters, in order.</param>
/// <param name="Backends">The backendRefs.</param>
/// <param name="Timeouts">Timeouts, or null.</param>
/// <param name="Retry">Retry, or null.</param>
/// <param name="Mark">Where the rule is written.</param>
internal sealed record RuleSpec(
    string? Name,
    IReadOnlyList<MatchSpec> Matches,
    IReadOnlyList<FilterSpec> Filters,
    IReadOnlyList<BackendRefSpec> Backends,
    RouteTimeouts? Timeouts,
    RetryPolicy? Retry,
    SourceMark Mark)
{
    // The place kept as its parts (KeptMark): asked for by diagnostics and rules without matches only.
    private readonly KeptMark _mark = KeptMark.Of(Mark);

    /// <summary>Where the rule is written (made when asked).</summary>
    public SourceMark Mark { get => _mark.Mark; init => _mark = KeptMark.Of(value); }
}
