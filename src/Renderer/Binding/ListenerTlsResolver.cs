using GitGateway.Plan.Model;
using GitGateway.Renderer.Manifests;
using GitGateway.Renderer.Status;

namespace GitGateway.Renderer.Binding;

/// <summary>
/// Resolves a listener's certificateRefs (Secrets, same namespace or granted) and, for HTTPS, its client
/// certificate validation (Gateway spec.tls.frontend, ConfigMaps with ca.crt). Returns the ResolvedRefs=False
/// condition of the first problem, or null.
/// </summary>
internal static class ListenerTlsResolver
{
    public static Condition? Resolve(BoundListener l, ListenerProtocol protocol, BindingIndex index)
    {
        var passthrough = protocol is ListenerProtocol.TLS && l.Spec.TlsMode == "Passthrough";
        if (protocol is not (ListenerProtocol.HTTPS or ListenerProtocol.TLS))
        {
            return null;
        }

        if (passthrough)
        {
            l.Tls = new ListenerTls(TlsMode.Passthrough, default, null);
            return null;
        }

        var certs = new List<CertificateRef>();
        Condition? problem = null;
        if (l.Spec.CertificateRefs.Count == 0)
        {
            problem = Conditions.False("ResolvedRefs", "InvalidCertificateRef", "a TLS-terminating listener needs tls.certificateRefs naming a kubernetes.io/tls Secret");
        }

        foreach (var r in l.Spec.CertificateRefs)
        {
            var p = Certificate(l, r, index);
            if (p is null)
            {
                certs.Add(new CertificateRef("Secret", r.NamespaceOr(l.OwnerNamespace), r.Name));
            }

            problem ??= p;
        }

        var validation = Validation(l, index, out var validationProblem);
        l.Tls = new ListenerTls(TlsMode.Terminate, ListenerBinder.Sorted(certs), validation);
        if (validationProblem is not null)
        {
            l.Accepted = false;
            l.Conditions.Add(Conditions.False("Accepted", "NoValidCACertificate", "client certificate validation has no usable CA certificate: " + validationProblem.Message));
            return validationProblem;
        }

        return problem;
    }

    private static Condition? Certificate(BoundListener l, RefSpec r, BindingIndex index)
    {
        var (fromGroup, fromKind) = l.OwnerKind;
        var ns = r.NamespaceOr(l.OwnerNamespace);
        if (r.Group.Length != 0 || r.Kind != "Secret")
        {
            return Conditions.False("ResolvedRefs", "InvalidCertificateRef", $"certificateRef {r.Group}/{r.Kind} {r.Name} must be a core Secret");
        }

        if (!index.Permits(fromGroup, fromKind, l.OwnerNamespace, "", "Secret", ns, r.Name))
        {
            return Conditions.False("ResolvedRefs", "RefNotPermitted", $"Secret {ns}/{r.Name} is in another namespace and no ReferenceGrant in {ns} allows {fromKind}s from {l.OwnerNamespace} to use it");
        }

        if (!index.TryGetTls("Secret", ns, r.Name, out var problem))
        {
            return Conditions.False("ResolvedRefs", "InvalidCertificateRef", $"Secret {ns}/{r.Name} is not in the input: add it, or list it under a team's certificates");
        }

        return problem is null ? null : Conditions.False("ResolvedRefs", "InvalidCertificateRef", $"Secret {ns}/{r.Name}: {problem}");
    }

    private static ClientValidation? Validation(BoundListener l, BindingIndex index, out Condition? problem)
    {
        problem = null;
        if (l.Protocol is not ListenerProtocol.HTTPS)
        {
            return null;
        }

        var gw = l.Gateway;
        var v = gw.PerPortValidation.GetValueOrDefault(l.Spec.Port) ?? gw.DefaultValidation;
        if (v is null)
        {
            return null;
        }

        var cas = new List<CertificateRef>();
        foreach (var r in v.CaCertificateRefs)
        {
            var ns = r.NamespaceOr(gw.Namespace);
            Condition? p = null;
            if (r.Group.Length != 0 || r.Kind is not ("ConfigMap" or "Secret"))
            {
                p = Conditions.False("ResolvedRefs", "InvalidCACertificateKind", $"caCertificateRef {r.Kind} {r.Name} must be a ConfigMap or a Secret with ca.crt");
            }
            else if (!index.Permits(KnownKinds.GatewayGroup, "Gateway", gw.Namespace, "", r.Kind, ns, r.Name))
            {
                p = Conditions.False("ResolvedRefs", "RefNotPermitted", $"{r.Kind} {ns}/{r.Name} is in another namespace and no ReferenceGrant allows it");
            }
            else if (!index.TryGetCa(r.Kind, ns, r.Name, out var bad) || bad is not null)
            {
                p = Conditions.False("ResolvedRefs", "InvalidCACertificateRef", $"{r.Kind} {ns}/{r.Name} is not in the input or holds no usable ca.crt{(bad is null ? "" : ": " + bad)}");
            }

            if (p is null)
            {
                cas.Add(new CertificateRef(r.Kind, ns, r.Name));
            }

            problem ??= p;
        }

        return new ClientValidation(ListenerBinder.Sorted(cas), v.Mode);
    }
}
