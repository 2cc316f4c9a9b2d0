using GitGateway.Plan.Model;

namespace GitGateway.Renderer.Ingress;

/// <summary>One <c>http.paths</c> entry.</summary>
internal sealed record IngressPath(string Path, string PathType, IngressBackend Backend, SourceMark Mark);
