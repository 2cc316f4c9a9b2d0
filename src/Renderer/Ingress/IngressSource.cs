using GitGateway.Plan.Model;
using GitGateway.Renderer.Manifests;

namespace GitGateway.Renderer.Ingress;

/// <summary>One networking.k8s.io/v1 Ingress, read with the marks of its fields.</summary>
internal sealed record IngressSource(
    ManifestObject Object,
    string? ClassName,
    IReadOnlyList<IngressAnnotation> Annotations,
    IReadOnlyList<IngressRule> Rules,
    IngressBackend? DefaultBackend,
    IReadOnlyList<IngressTls> Tls)
{
    public string Namespace => Object.Namespace ?? "default";

    public string Name => Object.Name;

    public SourceMark Mark => Object.Mark;

    /// <summary>The annotation under <paramref name="key"/> (full key), or null.</summary>
    public IngressAnnotation? Annotation(string key) => Annotations.FirstOrDefault(a => a.Key == key);
}
