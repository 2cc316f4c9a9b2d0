namespace GitGateway.Renderer.Ingress;

/// <summary>
/// What a conversion needs from the repository: the Gateways routes attach to, and the hostnames of the team whose
/// folder receives them (a rule without host serves those; empty outside a config repository: every host).
/// </summary>
internal sealed record IngressContext(IReadOnlyList<IngressParent> Parents, IReadOnlyList<string> TeamHostnames);
