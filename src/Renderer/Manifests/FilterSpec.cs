using GitGateway.Plan.Model;

namespace GitGateway.Renderer.Manifests;

/// <summary>
/// A route filter as read. <see cref="Value"/> is the plan filter for all types but RequestMirror, whose backend
/// must be resolved first (<see cref="Mirror"/>, <see cref="Numerator"/>/<see cref="Denominator"/>).
/// </summary>
internal sealed record FilterSpec(FilterType Type, Filter? Value, RefSpec? Mirror, int Numerator, int Denominator, SourceMark Mark);
