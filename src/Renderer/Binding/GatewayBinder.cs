using System.Net;
using GitGateway.Renderer.Diagnostics;
using GitGateway.Renderer.Manifests;
using GitGateway.Renderer.Status;

namespace GitGateway.Renderer.Binding;

/// <summary>
/// Gateway-level status: Accepted (InvalidParameters, UnsupportedAddress, ListenersNotValid), Programmed, the
/// VIP a Gateway uses and its status addresses (https://gateway-api.sigs.k8s.io/reference/spec/#gatewayconditiontype).
/// </summary>
internal static class GatewayBinder
{
    /// <summary>The annotation naming a Gateway's ProxyVIP.</summary>
    public const string VipAnnotation = "gitgateway.dev/vip-ref";

    /// <summary>The NovaEdge alias of <see cref="VipAnnotation"/>.</summary>
    public const string NovaEdgeVipAnnotation = "novaedge.io/vip-ref";

    /// <summary>Binds one Gateway of our controller.</summary>
    public static BoundGateway Bind(GatewayObject gw, BindingIndex index, IReadOnlyList<VipObject> vips, IReadOnlyList<string> nodeAddresses, DiagnosticBag diagnostics)
    {
        ArgumentNullException.ThrowIfNull(gw);
        ArgumentNullException.ThrowIfNull(vips);
        ArgumentNullException.ThrowIfNull(nodeAddresses);
        ArgumentNullException.ThrowIfNull(diagnostics);
        var bound = new BoundGateway(gw, ListenerBinder.Bind(gw, index));
        bound.Vip = FindVip(gw, vips, diagnostics);
        var addressProblem = Addresses(bound, nodeAddresses);
        var anyValid = bound.Listeners.Any(l => l.Accepted);
        var allServed = bound.Listeners.All(l => l.Programmed);
        if (gw.HasParametersRef)
        {
            bound.Conditions.Add(Conditions.False("Accepted", "InvalidParameters", "spec.infrastructure.parametersRef is not supported by this controller: remove it"));
        }
        else if (addressProblem is not null)
        {
            bound.Conditions.Add(Conditions.False("Accepted", "UnsupportedAddress", addressProblem));
        }
        else if (!anyValid)
        {
            bound.Conditions.Add(Conditions.False("Accepted", "ListenersNotValid", "no listener is valid, so the Gateway serves nothing: " + ListenerSummary(bound)));
        }
        else
        {
            bound.Conditions.Add(allServed
                ? Conditions.True("Accepted", "Accepted", "the Gateway is valid")
                : Conditions.True("Accepted", "ListenersNotValid", (bound.Listeners.Any(l => l.Programmed)
                    ? "some listeners cannot be served and are left out: "
                    : "the listeners are valid but none can be served until their references resolve: ") + ListenerSummary(bound)));
        }

        bound.Accepted = bound.Conditions[0].Status == "True";
        bound.Conditions.Add(bound.Accepted
            ? Conditions.True("Programmed", "Programmed", "the Gateway is in the plan")
            : Conditions.False("Programmed", "Invalid", "the Gateway is not served until it is Accepted"));
        if (new[] { gw.DefaultValidation }.Concat(gw.PerPortValidation.Values).Any(v => v?.Mode == "AllowInsecureFallback"))
        {
            bound.Conditions.Add(Conditions.True("InsecureFrontendValidationMode", "ConfigurationChanged", "client certificate validation allows clients without a valid certificate (AllowInsecureFallback)"));
        }

        bound.Conditions.Sort((a, b) => string.CompareOrdinal(a.Type, b.Type));
        return bound;
    }

    // Listeners: the ListenersNotValid condition "SHOULD clearly indicate in the Message which Listeners are
    // conflicted, and which are Accepted" (https://gateway-api.sigs.k8s.io/reference/spec/#listener).
    private static string ListenerSummary(BoundGateway bound)
    {
        static string Names(IEnumerable<BoundListener> ls) => string.Join(", ", ls.Select(l => $"'{l.Spec.Name}'"));
        var conflicted = bound.Listeners.Where(l => l.Conditions.Any(c => c is { Type: "Conflicted", Status: "True" })).ToList();
        var invalid = bound.Listeners.Where(l => !l.Programmed && !conflicted.Contains(l)).ToList();
        var served = bound.Listeners.Where(l => l.Programmed).ToList();
        var parts = new List<string>();
        if (conflicted.Count > 0)
        {
            parts.Add("conflicted: " + Names(conflicted));
        }

        if (invalid.Count > 0)
        {
            parts.Add("not valid: " + Names(invalid));
        }

        if (bound.Listeners.Count == 0)
        {
            return "no listener could be read (see the diagnostics at the Gateway)";
        }

        parts.Add(served.Count > 0 ? "served: " + Names(served) : "served: none");
        return string.Join("; ", parts) + " (see the listener conditions)";
    }

    private static VipObject? FindVip(GatewayObject gw, IReadOnlyList<VipObject> vips, DiagnosticBag diagnostics)
    {
        var annotations = gw.Object.Annotations;
        var name = annotations.GetValueOrDefault(VipAnnotation) ?? annotations.GetValueOrDefault(NovaEdgeVipAnnotation);
        if (name is not null)
        {
            var vip = vips.FirstOrDefault(v => v.Object.Name == name);
            if (vip is null)
            {
                diagnostics.Error(DiagnosticCodes.VipNotFound, gw.Object.Mark, $"Gateway {gw.Namespace}/{gw.Name} names ProxyVIP '{name}', which the input does not define (or which is invalid)");
            }

            return vip;
        }

        foreach (var (type, value) in gw.Addresses)
        {
            var vip = vips.FirstOrDefault(v => type == "IPAddress" && v.Vip.Addresses.Any(a => a.Split('/')[0] == value));
            if (vip is not null)
            {
                return vip;
            }
        }

        return null;
    }

    private static string? Addresses(BoundGateway bound, IReadOnlyList<string> nodeAddresses)
    {
        var gw = bound.Gateway;
        string? problem = null;
        foreach (var (type, value) in gw.Addresses)
        {
            // An address with a type and no value asks the implementation to assign one (GatewayAddressEmpty).
            if (value.Length == 0 && type is "IPAddress" or "Hostname")
            {
                continue;
            }

            var ok = type switch
            {
                "IPAddress" => IPAddress.TryParse(value, out _),
                "Hostname" => Hostnames.Validate(value, allowWildcard: false) is null,
                _ => false,
            };
            if (ok)
            {
                bound.Addresses.Add(new GatewayAddress(type, value));
            }
            else
            {
                problem ??= $"address {type} '{value}' is not supported: use type IPAddress with an IP address or Hostname with a DNS name";
            }
        }

        if (bound.Vip is { } vip)
        {
            foreach (var a in vip.Vip.Addresses)
            {
                var ip = a.Split('/')[0];
                if (!bound.Addresses.Any(x => x.Value == ip))
                {
                    bound.Addresses.Add(new GatewayAddress("IPAddress", ip));
                }
            }
        }

        if (bound.Addresses.Count == 0)
        {
            bound.Addresses.AddRange(nodeAddresses.Select(a => new GatewayAddress(IPAddress.TryParse(a, out _) ? "IPAddress" : "Hostname", a)));
        }

        return problem;
    }
}
