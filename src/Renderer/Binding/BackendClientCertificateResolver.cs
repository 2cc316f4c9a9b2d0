using GitGateway.Plan.Model;
using GitGateway.Renderer.Manifests;
using GitGateway.Renderer.Status;

namespace GitGateway.Renderer.Binding;

/// <summary>
/// Resolves a Gateway's backend client certificate (spec.tls.backend.clientCertificateRef, GEP-3155) to the
/// Gateway's <c>ResolvedRefs</c> condition: a core Secret of type kubernetes.io/tls with a matching key, in
/// another namespace only with a ReferenceGrant (<c>RefNotPermitted</c>); anything else is
/// <c>InvalidClientCertificateRef</c>. The Gateway stays Accepted either way; backends then get no client certificate.
/// </summary>
internal static class BackendClientCertificateResolver
{
    /// <summary>Resolves the reference; no condition when the Gateway has none.</summary>
    public static (CertificateRef? Ref, Condition? Condition) Resolve(GatewayObject gw, BindingIndex index)
    {
        ArgumentNullException.ThrowIfNull(gw);
        ArgumentNullException.ThrowIfNull(index);
        if (gw.BackendClientCertificate is not { } r)
        {
            return (null, null);
        }

        var ns = r.NamespaceOr(gw.Namespace);
        if (r.Group.Length != 0 || r.Kind != "Secret")
        {
            return (null, Invalid($"clientCertificateRef {(r.Group.Length == 0 ? "" : r.Group + "/")}{r.Kind} {r.Name} is not supported: name a core Secret of type kubernetes.io/tls"));
        }

        if (!index.Permits(KnownKinds.GatewayGroup, "Gateway", gw.Namespace, "", "Secret", ns, r.Name))
        {
            return (null, Conditions.False("ResolvedRefs", "RefNotPermitted", $"Secret {ns}/{r.Name} is in another namespace and no ReferenceGrant in {ns} allows Gateways from {gw.Namespace} to use it"));
        }

        if (!index.TryGetTls("Secret", ns, r.Name, out var problem))
        {
            return (null, Invalid($"Secret {ns}/{r.Name} is not in the input: add it, or list it under a team's certificates"));
        }

        return problem is null
            ? (new CertificateRef("Secret", ns, r.Name), Conditions.True("ResolvedRefs", "ResolvedRefs", "the backend client certificate resolves"))
            : (null, Invalid($"Secret {ns}/{r.Name}: {problem}"));
    }

    private static Condition Invalid(string message) => Conditions.False("ResolvedRefs", "InvalidClientCertificateRef", message);
}
