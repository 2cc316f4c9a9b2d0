using GitGateway.Plan.Model;
using GitGateway.Renderer.Manifests;

namespace GitGateway.Renderer.Binding;

/// <summary>A rule with its references resolved: plan filters (mirrors resolved) and plan backends.</summary>
/// <param name="Index">The rule's index in the route.</param>
/// <param name="Spec">The rule as read.</param>
/// <param name="Filters">Rule filters in plan form.</param>
/// <param name="Backends">Backends; unresolved ones carry their reason and keep their weight share.</param>
/// <param name="DirectResponse">500 when no backend can serve and no filter answers, else null.</param>
internal sealed record ResolvedRule(int Index, RuleSpec Spec, IReadOnlyList<Filter> Filters, IReadOnlyList<Backend> Backends, DirectResponse? DirectResponse);
