using GitGateway.Renderer.Manifests;
using GitGateway.Renderer.Status;

namespace GitGateway.Renderer.Binding;

/// <summary>A route after binding: its parents' statuses and resolved rules.</summary>
internal sealed class BoundRoute(RouteObject route, IReadOnlyList<ResolvedRule> rules)
{
    /// <summary>The route as read.</summary>
    public RouteObject Route { get; } = route;

    /// <summary>The rules with resolved backends.</summary>
    public IReadOnlyList<ResolvedRule> Rules { get; } = rules;

    /// <summary>One status per parentRef naming a Gateway of ours.</summary>
    public List<RouteParentStatus> Parents { get; } = [];

    /// <summary>The listeners the route attached to.</summary>
    public List<Attachment> Attachments { get; } = [];
}
