using GitGateway.Renderer.Binding;
using GitGateway.Renderer.Diagnostics;

namespace GitGateway.Renderer.Rendering;

/// <summary>Step 4: bind the Gateways of our classes; report problems with their listeners as diagnostics.</summary>
internal static class GatewayStep
{
    public static void Run(RenderContext c)
    {
        foreach (var gw in c.Set.Gateways)
        {
            if (!c.OurClasses.Contains(gw.ClassName))
            {
                if (!c.Set.GatewayClasses.Any(g => g.Object.Name == gw.ClassName))
                {
                    c.Diagnostics.Warning("UnknownGatewayClass", gw.Object.Mark,
                        $"Gateway {gw.Namespace}/{gw.Name} uses GatewayClass '{gw.ClassName}', which the input does not define: it is not rendered. Define the GatewayClass with controllerName {c.ControllerName}");
                }

                continue;
            }

            var bound = GatewayBinder.Bind(gw, c.Index, c.Set.Vips, c.Input.NodeAddresses ?? [], c.Diagnostics);
            BackendClientCertificate(c, bound);
            c.Gateways[(gw.Namespace, gw.Name)] = bound;
            Report(c, bound);
        }
    }

    // spec.tls.backend.clientCertificateRef: the Gateway's ResolvedRefs condition says whether it resolved.
    private static void BackendClientCertificate(RenderContext c, BoundGateway bound)
    {
        var (reference, condition) = BackendClientCertificateResolver.Resolve(bound.Gateway, c.Index);
        bound.BackendClientCertificate = reference;
        if (condition is null)
        {
            return;
        }

        bound.Conditions.Add(condition);
        bound.Conditions.Sort((a, b) => string.CompareOrdinal(a.Type, b.Type));
        if (condition.Status == "False")
        {
            var mark = bound.Gateway.BackendClientCertificate!.Mark;
            c.Diagnostics.Error(condition.Reason, mark, $"Gateway {bound.Gateway.Namespace}/{bound.Gateway.Name}: {condition.Message}");
        }
    }

    private static void Report(RenderContext c, BoundGateway bound)
    {
        foreach (var cond in bound.Conditions.Where(x => x.Type == "Accepted" && x.Reason is not ("Accepted" or "ListenersNotValid")))
        {
            c.Diagnostics.Error(cond.Reason, bound.Gateway.Object.Mark, $"Gateway {bound.Gateway.Namespace}/{bound.Gateway.Name}: {cond.Message}");
        }

        foreach (var l in bound.Listeners)
        {
            ReportListener(c, l);
        }
    }

    /// <summary>Reports a listener's failed conditions (of a Gateway or a ListenerSet) as diagnostics at the listener.</summary>
    internal static void ReportListener(RenderContext c, BoundListener l)
    {
        foreach (var cond in l.Conditions.Where(x => x.Status == (x.Type == "Conflicted" ? "True" : "False") && x.Type != "Programmed"))
        {
            c.Diagnostics.Error(cond.Reason, l.Spec.Mark, $"listener '{l.Spec.Name}': {cond.Message}");
        }

        foreach (var cond in l.Conditions.Where(x => x.Type == "OverlappingTLSConfig"))
        {
            c.Diagnostics.Warning(cond.Type, l.Spec.Mark, $"listener '{l.Spec.Name}': {cond.Message}");
        }

        // GatewayTLSConfig.mode: "Passthrough ... The certificateRefs field is ignored in this mode."
        if (l.Spec.TlsMode == "Passthrough" && l.Spec.CertificateRefs.Count > 0)
        {
            c.Diagnostics.Warning(DiagnosticCodes.IgnoredField, l.Spec.Mark,
                $"listener '{l.Spec.Name}': tls.certificateRefs are ignored in Passthrough mode (the backend holds the certificate): remove them");
        }
    }
}
