using GitGateway.Plan.Model;

namespace GitGateway.Renderer.Ingress;

/// <summary>
/// One host+path of a (non-canary) Ingress on its way to a route rule: the path match, an optional rewrite, the
/// backend, and the canary Ingresses that share its host and path.
/// </summary>
internal sealed record IngressEntry(
    IngressSource Ingress,
    NginxAnnotations Annotations,
    string? Host,
    string MatchType,
    string MatchValue,
    (string Service, string? Method)? GrpcMethod,
    (string Type, string Value, SourceMark Mark)? Rewrite,
    IngressBackend Backend,
    SourceMark Mark)
{
    /// <summary>Canary Ingresses for the same host and path, in input order.</summary>
    public List<(IngressSource Ingress, NginxAnnotations Annotations, IngressBackend Backend)> Canaries { get; } = [];
}
