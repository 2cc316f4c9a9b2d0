using GitGateway.Plan.Model;

namespace GitGateway.Renderer.Manifests;

/// <summary>An object reference as written (parentRef, backendRef, certificateRef), with group and kind defaulted.</summary>
/// <param name="Group">The group (empty for core).</param>
/// <param name="Kind">The kind.</param>
/// <param name="Namespace">The namespace as written, or null (then the referrer's namespace).</param>
/// <param name="Name">The name.</param>
/// <param name="SectionName">The sectionName (parentRefs), or null.</param>
/// <param name="Port">The port, or null.</param>
/// <param name="Mark">Where the reference is written.</param>
internal sealed record RefSpec(string Group, string Kind, string? Namespace, string Name, string? SectionName, int? Port, SourceMark Mark)
{
    // The place kept as its parts (KeptMark): asked for by diagnostics only.
    private readonly KeptMark _mark = KeptMark.Of(Mark);

    /// <summary>Where the reference is written (made when asked).</summary>
    public SourceMark Mark { get => _mark.Mark; init => _mark = KeptMark.Of(value); }

    /// <summary>The namespace the reference points into.</summary>
    public string NamespaceOr(string referrerNamespace) => Namespace ?? referrerNamespace;
}
