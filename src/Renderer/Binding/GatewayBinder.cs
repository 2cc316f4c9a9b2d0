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
        var allValid = bound.Listeners.All(l => l.Accepted);
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
            bound.Conditions.Add(Conditions.False("Accepted", "ListenersNotValid", "no listener is valid; see the listener conditions"));
        }
        else
        {
            bound.Conditions.Add(allValid
                ? Conditions.True("Accepted", "Accepted", "the Gateway is valid")
                : Conditions.True("Accepted", "ListenersNotValid", "some listeners are not valid and are not served; see the listener conditions"));
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
