using GitGateway.Renderer.Diagnostics;

namespace GitGateway.Renderer.Manifests;

/// <summary>Types each loaded object by kind.</summary>
internal static class ManifestSetReader
{
    /// <summary>
    /// Types <paramref name="objects"/>; an object the load typed already (<see cref="ManifestLoader.LoadTyped"/>: the
    /// same loaded object, from the same blob, in every render that shares it) is taken with the diagnostics typing it
    /// gave, not read again.
    /// </summary>
    public static ManifestSet Read(IReadOnlyList<ManifestObject> objects, DiagnosticBag diagnostics)
    {
        ArgumentNullException.ThrowIfNull(objects);
        ArgumentNullException.ThrowIfNull(diagnostics);
        var f = new FieldReader(diagnostics);
        var set = new ManifestSet();
        foreach (var obj in objects)
        {
            set.All.Add(obj);
            if (obj.Document.TypedRead is { } typed)
            {
                if (typed.Diagnostics is { } read)
                {
                    diagnostics.AddRange(read);
                }

                Add(set, obj, typed.Value);
                continue;
            }

            Add(set, obj, Type(obj, f));
        }

        return set;
    }

    // The typed object of one loaded object, or null for a kind routing does not type (or one its reader refused).
    internal static object? Type(ManifestObject obj, FieldReader f) => obj.Kind switch
    {
        "GatewayClass" => SimpleObjectReader.GatewayClass(obj, f),
        "Gateway" => GatewayReader.Read(obj, f),
        "ListenerSet" or "XListenerSet" => ListenerSetReader.Read(obj, f),
        "HTTPRoute" or "GRPCRoute" or "TCPRoute" or "TLSRoute" or "UDPRoute" => RouteReader.Read(obj, f),
        "ReferenceGrant" => SimpleObjectReader.ReferenceGrant(obj, f),
        "Service" => SimpleObjectReader.Service(obj, f),
        "Secret" => SimpleObjectReader.Secret(obj, f),
        "ConfigMap" => SimpleObjectReader.ConfigMap(obj, f),
        "Namespace" => obj,
        "ProxyVIP" => VipReader.Read(obj, f),
        "ProxyVIPPool" => VipPoolReader.Read(obj, f),
        "ProxyPolicy" => PolicyReader.Read(obj, f),
        "BackendTLSPolicy" => BackendTlsPolicyReader.Read(obj, f),
        "Team" => TeamReader.Read(obj, f),
        _ => null,
    };

    private static void Add(ManifestSet set, ManifestObject obj, object? typed)
    {
        switch (typed)
        {
            case GatewayClassObject c:
                set.GatewayClasses.Add(c);
                break;
            case GatewayObject g:
                set.Gateways.Add(g);
                break;
            case ListenerSetObject l:
                set.ListenerSets.Add(l);
                break;
            case RouteObject r:
                set.Routes.Add(r);
                break;
            case ReferenceGrantObject grant:
                set.Grants.Add(grant);
                break;
            case ServiceObject service:
                set.Services.Add(service);
                break;
            case TlsMaterialObject material:
                set.TlsMaterial.Add(material);
                break;
            case ManifestObject ns when ReferenceEquals(ns, obj):
                set.Namespaces.Add(ns);
                break;
            case VipObject vip:
                set.Vips.Add(vip);
                break;
            case VipPoolObject pool:
                set.VipPools.Add(pool);
                break;
            case PolicyObject policy:
                set.Policies.Add(policy);
                break;
            case BackendTlsPolicyObject tls:
                set.BackendTlsPolicies.Add(tls);
                break;
            case Team team:
                set.Teams.Add(team);
                break;
        }
    }
}
