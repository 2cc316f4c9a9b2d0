using GitGateway.Renderer.Diagnostics;

namespace GitGateway.Renderer.Manifests;

/// <summary>Types each loaded object by kind.</summary>
internal static class ManifestSetReader
{
    /// <summary>Types <paramref name="objects"/>.</summary>
    public static ManifestSet Read(IReadOnlyList<ManifestObject> objects, DiagnosticBag diagnostics)
    {
        ArgumentNullException.ThrowIfNull(objects);
        var f = new FieldReader(diagnostics);
        var set = new ManifestSet();
        foreach (var obj in objects)
        {
            set.All.Add(obj);
            switch (obj.Kind)
            {
                case "GatewayClass":
                    set.GatewayClasses.Add(SimpleObjectReader.GatewayClass(obj, f));
                    break;
                case "Gateway":
                    set.Gateways.Add(GatewayReader.Read(obj, f));
                    break;
                case "ListenerSet" or "XListenerSet":
                    set.ListenerSets.Add(ListenerSetReader.Read(obj, f));
                    break;
                case "HTTPRoute" or "GRPCRoute" or "TCPRoute" or "TLSRoute" or "UDPRoute":
                    set.Routes.Add(RouteReader.Read(obj, f));
                    break;
                case "ReferenceGrant":
                    set.Grants.Add(SimpleObjectReader.ReferenceGrant(obj, f));
                    break;
                case "Service":
                    set.Services.Add(SimpleObjectReader.Service(obj, f));
                    break;
                case "Secret":
                    set.TlsMaterial.Add(SimpleObjectReader.Secret(obj, f));
                    break;
                case "ConfigMap":
                    set.TlsMaterial.Add(SimpleObjectReader.ConfigMap(obj, f));
                    break;
                case "Namespace":
                    set.Namespaces.Add(obj);
                    break;
                case "ProxyVIP":
                    if (VipReader.Read(obj, f) is { } vip)
                    {
                        set.Vips.Add(vip);
                    }

                    break;
                case "ProxyVIPPool":
                    if (VipPoolReader.Read(obj, f) is { } pool)
                    {
                        set.VipPools.Add(pool);
                    }

                    break;
                case "ProxyPolicy":
                    if (PolicyReader.Read(obj, f) is { } policy)
                    {
                        set.Policies.Add(policy);
                    }

                    break;
                case "BackendTLSPolicy":
                    set.BackendTlsPolicies.Add(BackendTlsPolicyReader.Read(obj, f));
                    break;
                case "Team":
                    set.Teams.Add(TeamReader.Read(obj, f));
                    break;
            }
        }

        return set;
    }
}
