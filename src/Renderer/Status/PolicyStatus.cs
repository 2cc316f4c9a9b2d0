namespace GitGateway.Renderer.Status;

/// <summary>
/// The status of a policy (today BackendTLSPolicy): one entry per ancestor, the Gateways whose routes send
/// traffic to what the policy targets (https://gateway-api.sigs.k8s.io/reference/spec/#policyancestorstatus).
/// </summary>
public sealed record PolicyStatus(string Kind, string Namespace, string Name, IReadOnlyList<PolicyAncestorStatus> Ancestors);
