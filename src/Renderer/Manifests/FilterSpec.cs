using GitGateway.Plan.Model;

namespace GitGateway.Renderer.Manifests;

/// <summary>
/// A route filter as read. <see cref="Value"/> is the plan filter for all types but RequestMirror, whose backend
/// must be resolved first (<see cref="Mirror"/>, <see cref="Numerator"/>/<see cref="Denominator"/>).
/// </summary>
internal sealed record FilterSpec(FilterType Type, Filter? Value, RefSpec? Mirror, int Numerator, int Denominator, SourceMark Mark)
{
    // The place kept as its parts (KeptMark): asked for by diagnostics only.
    private readonly KeptMark _mark = KeptMark.Of(Mark);

    /// <summary>Where the filter is written (made when asked).</summary>
    public SourceMark Mark { get => _mark.Mark; init => _mark = KeptMark.Of(value); }
}
