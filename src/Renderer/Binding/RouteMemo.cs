using GitGateway.Renderer.Diagnostics;
using GitGateway.Renderer.Status;

namespace GitGateway.Renderer.Binding;

/// <summary>
/// One route's binding, kept to be replayed on the listeners of a later render: null rules when none of its parents
/// is ours (nothing bound), the parent statuses, the attachments by listener id, the listeners whose attached-route
/// count it raised, and the diagnostics binding it gave.
/// </summary>
internal sealed record RouteMemo(
    IReadOnlyList<ResolvedRule>? Rules,
    IReadOnlyList<RouteParentStatus> Parents,
    IReadOnlyList<(string Listener, IReadOnlyList<string> Hostnames)> Attachments,
    IReadOnlyList<string> Counted,
    DiagnosticBag Diagnostics);
