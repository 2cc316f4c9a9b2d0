using GitGateway.Plan.Model;
using GitGateway.Renderer.Binding;
using GitGateway.Renderer.Manifests;
using GitGateway.Renderer.Status;

namespace GitGateway.Renderer.Policies;

/// <summary>One BackendTLSPolicy after validation: what it sends to the plan, its conditions and its ancestors.</summary>
internal sealed class BackendTlsPolicyState(BackendTlsPolicyObject policy)
{
    /// <summary>The policy as read.</summary>
    public BackendTlsPolicyObject Policy { get; } = policy;

    /// <summary>The upstream TLS to apply, without the Gateway's client certificate; null when the policy cannot be applied.</summary>
    public UpstreamTls? Tls { get; set; }

    /// <summary>The Accepted reason when the policy is valid on its own (Accepted, NoValidCACertificate, Invalid).</summary>
    public string AcceptedReason { get; set; } = "Accepted";

    /// <summary>The Accepted message.</summary>
    public string AcceptedMessage { get; set; } = "the policy is valid and applied";

    /// <summary>ResolvedRefs=False with the first invalid caCertificateRef, or null.</summary>
    public Condition? RefProblem { get; set; }

    /// <summary>The policy that takes precedence over this one for one of its targets, or null.</summary>
    public BackendTlsPolicyObject? ConflictedWith { get; set; }

    /// <summary>The Gateways whose routes reach a target, by namespace/name.</summary>
    public SortedSet<(string Ns, string Name)> Ancestors { get; } = [];

    /// <summary>The conditions written for every ancestor: Accepted, then ResolvedRefs.</summary>
    public IReadOnlyList<Condition> Conditions()
    {
        var accepted = ConflictedWith is { } winner
            ? Binding.Conditions.False("Accepted", "Conflicted", $"BackendTLSPolicy {winner.Namespace}/{winner.Name} targets the same Service and sectionName and takes precedence (first by namespace/name)")
            : AcceptedReason == "Accepted"
                ? Binding.Conditions.True("Accepted", "Accepted", AcceptedMessage)
                : Binding.Conditions.False("Accepted", AcceptedReason, AcceptedMessage);
        return [accepted, RefProblem ?? Binding.Conditions.True("ResolvedRefs", "ResolvedRefs", "every caCertificateRef resolves")];
    }
}
