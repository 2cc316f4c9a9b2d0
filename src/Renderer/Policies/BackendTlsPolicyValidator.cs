using GitGateway.Plan;
using GitGateway.Plan.Model;
using GitGateway.Renderer.Binding;
using GitGateway.Renderer.Diagnostics;
using GitGateway.Renderer.Manifests;

namespace GitGateway.Renderer.Policies;

/// <summary>
/// Checks one BackendTLSPolicy's validation block against the input, in the words of the spec
/// (BackendTLSValidation.caCertificateRefs): a reference that "cannot be resolved ... or is misconfigured" is
/// <c>InvalidCACertificateRef</c>; one to "an unknown or unsupported kind of resource" is <c>InvalidKind</c>;
/// either sets <c>ResolvedRefs: False</c>, and "if ALL CACertificateRefs are invalid" <c>Accepted: False,
/// NoValidCACertificate</c>. A wellKnownCACertificates value other than <c>System</c> is <c>Accepted: False, Invalid</c>.
/// ConfigMaps with <c>ca.crt</c> are the Core kind; Secrets with <c>ca.crt</c> (any type) are read the same way
/// ("other kinds of resources" are implementation-specific): from the input, or by name from a team's certificates
/// catalogue, the material then being on the nodes, as for a listener's certificateRefs.
/// </summary>
internal static class BackendTlsPolicyValidator
{
    public static BackendTlsPolicyState Validate(BackendTlsPolicyObject p, BindingIndex index, DiagnosticBag diagnostics)
    {
        var state = new BackendTlsPolicyState(p);
        var cas = new List<CertificateRef>();
        foreach (var r in p.CaCertificateRefs)
        {
            if (Problem(p, r, index) is { } problem)
            {
                state.RefProblem ??= problem;
                diagnostics.Error(problem.Reason, r.Mark, $"BackendTLSPolicy {p.Namespace}/{p.Name}: {problem.Message}");
                continue;
            }

            cas.Add(new CertificateRef(r.Kind, p.Namespace, r.Name));
        }

        var system = p.WellKnownCaCertificates == "System";
        if (p.WellKnownCaCertificates is { } wellKnown && (!system || p.CaCertificateRefs.Count > 0))
        {
            Refuse(state, "Invalid", system
                ? "wellKnownCACertificates and caCertificateRefs are both set: give one of them"
                : $"wellKnownCACertificates '{wellKnown}' is not supported: use System, or caCertificateRefs");
        }
        else if (!system && cas.Count == 0)
        {
            Refuse(state, "NoValidCACertificate", p.CaCertificateRefs.Count == 0
                ? "the policy names no CA certificate: give caCertificateRefs or wellKnownCACertificates: System"
                : "no caCertificateRef is valid, so no backend certificate can be trusted: " + state.RefProblem!.Message);
        }
        else if (p.Hostname is null)
        {
            Refuse(state, "Invalid", "validation.hostname is missing or not a DNS name");
        }

        if (state.AcceptedReason != "Accepted")
        {
            if (state.AcceptedReason == "Invalid")
            {
                diagnostics.Error("InvalidBackendTLSPolicy", p.Mark, $"BackendTLSPolicy {p.Namespace}/{p.Name}: {state.AcceptedMessage}");
            }

            return state;
        }

        state.Tls = new UpstreamTls(
            new ObjectRef("BackendTLSPolicy", p.Namespace, p.Name),
            p.Hostname!,
            cas.OrderBy(c => c.Name, StringComparer.Ordinal).Distinct().ToEquatableArray(),
            system,
            p.SubjectAltNames.ToEquatableArray(),
            null);
        return state;
    }

    private static void Refuse(BackendTlsPolicyState state, string reason, string message)
    {
        state.AcceptedReason = reason;
        state.AcceptedMessage = message;
    }

    private static Status.Condition? Problem(BackendTlsPolicyObject p, RefSpec r, BindingIndex index)
    {
        if (r.Group.Length != 0 || r.Kind is not ("ConfigMap" or "Secret"))
        {
            return Conditions.False("ResolvedRefs", "InvalidKind", $"caCertificateRef {(r.Group.Length == 0 ? "" : r.Group + "/")}{r.Kind} {r.Name} is not supported: name a ConfigMap or a Secret with ca.crt");
        }

        if (!index.TryGetCa(r.Kind, p.Namespace, r.Name, out var problem))
        {
            return Conditions.False("ResolvedRefs", "InvalidCACertificateRef", $"{r.Kind} {p.Namespace}/{r.Name} is not in the input: add it, or list it under a team's certificates");
        }

        return problem is null ? null : Conditions.False("ResolvedRefs", "InvalidCACertificateRef", $"{r.Kind} {p.Namespace}/{r.Name}: {problem}");
    }
}
