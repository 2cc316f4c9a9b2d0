using GitGateway.Plan.Model;

namespace GitGateway.Renderer.Ingress;

/// <summary>One <c>spec.rules</c> entry: a host (null: every host) and its paths.</summary>
internal sealed record IngressRule(string? Host, SourceMark Mark, IReadOnlyList<IngressPath> Paths);
