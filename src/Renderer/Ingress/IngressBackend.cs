using GitGateway.Plan.Model;

namespace GitGateway.Renderer.Ingress;

/// <summary>A Service backend; <see cref="Port"/> is null when the Ingress names the port instead of numbering it.</summary>
internal sealed record IngressBackend(string Service, int? Port, string? PortName, SourceMark Mark);
