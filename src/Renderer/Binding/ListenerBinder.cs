using GitGateway.Plan;
using GitGateway.Plan.Model;
using GitGateway.Renderer.Manifests;
using GitGateway.Renderer.Status;

namespace GitGateway.Renderer.Binding;

/// <summary>
/// Validates the listeners of one Gateway: protocol, TLS mode and certificates, client validation, allowed
/// route kinds, and conflicts between listeners on one port
/// (https://gateway-api.sigs.k8s.io/reference/spec/#listenerconditiontype).
/// </summary>
internal static class ListenerBinder
{
    /// <summary>Binds the listeners of <paramref name="gateway"/>.</summary>
    public static List<BoundListener> Bind(GatewayObject gateway, BindingIndex index)
    {
        ArgumentNullException.ThrowIfNull(gateway);
        ArgumentNullException.ThrowIfNull(index);
        var result = new List<BoundListener>();
        foreach (var spec in gateway.Listeners)
        {
            result.Add(BindOne(gateway, spec, index));
        }

        var conflicts = ListenerConflicts.Find(result);
        foreach (var l in result)
        {
            var conflict = conflicts.GetValueOrDefault(l);
            Finish(l, conflict);
        }

        TlsHostnameOverlap.Mark(result);
        return result;
    }

    /// <summary>
    /// Binds the listeners of a ListenerSet attached to <paramref name="gateway"/>, each checked for conflicts against
    /// the listeners placed before it (<paramref name="placed"/>: the Gateway's, then earlier sets'); the accepted
    /// ones are added to <paramref name="placed"/>.
    /// </summary>
    public static List<BoundListener> BindSet(GatewayObject gateway, ListenerSetObject set, List<BoundListener> placed, BindingIndex index)
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(placed);
        var result = new List<BoundListener>();
        foreach (var spec in set.Listeners)
        {
            var l = BindOne(gateway, spec, index, set);
            Finish(l, ListenerConflicts.Against(placed, l));
            result.Add(l);
            if (l.Accepted)
            {
                placed.Add(l);
            }
        }

        TlsHostnameOverlap.Mark(result);
        return result;
    }

    private static BoundListener BindOne(GatewayObject gateway, ListenerSpec spec, BindingIndex index, ListenerSetObject? set = null)
    {
        var l = new BoundListener(gateway, spec, set);
        if (!Enum.TryParse<ListenerProtocol>(spec.Protocol, ignoreCase: false, out var protocol) || !Enum.IsDefined(protocol))
        {
            l.Conditions.Add(Conditions.False("Accepted", "UnsupportedProtocol", $"protocol '{spec.Protocol}' is not supported; use HTTP, HTTPS, TLS, TCP or UDP"));
            return l;
        }

        l.Protocol = protocol;
        l.Accepted = true;
        if (TlsProblem(spec, protocol) is { } tlsProblem)
        {
            l.Accepted = false;
            l.Conditions.Add(Conditions.False("Accepted", "UnsupportedValue", tlsProblem));
            return l;
        }

        RouteKinds(l, protocol);
        var refsProblem = ListenerTlsResolver.Resolve(l, protocol, index);
        if (refsProblem is not null)
        {
            l.Conditions.Add(refsProblem);
        }

        return l;
    }

    private static string? TlsProblem(ListenerSpec spec, ListenerProtocol protocol)
    {
        var mode = spec.TlsMode;
        return protocol switch
        {
            ListenerProtocol.HTTPS when mode is not (null or "Terminate") => $"an HTTPS listener terminates TLS; tls.mode '{mode}' is not allowed (use a TLS listener for Passthrough)",
            // Gateway CRD rule: "tls mode must be set for protocol TLS" (a TLS listener says whether it terminates).
            ListenerProtocol.TLS when mode is null => "tls mode must be set for protocol TLS: add tls.mode Terminate or Passthrough",
            ListenerProtocol.TLS when mode is not ("Terminate" or "Passthrough") => $"tls.mode '{mode}' must be Terminate or Passthrough",
            ListenerProtocol.HTTP or ListenerProtocol.TCP or ListenerProtocol.UDP when mode is not null => $"a {protocol} listener takes no tls settings",
            _ => null,
        };
    }

    private static void RouteKinds(BoundListener l, ListenerProtocol protocol)
    {
        string[] defaults = protocol switch
        {
            ListenerProtocol.HTTP or ListenerProtocol.HTTPS => ["HTTPRoute", "GRPCRoute"],
            ListenerProtocol.TLS => ["TLSRoute"],
            ListenerProtocol.TCP => ["TCPRoute"],
            _ => ["UDPRoute"],
        };
        if (l.Spec.Kinds is null)
        {
            l.SupportedKinds.AddRange(defaults.Select(k => new GroupKind(KnownKinds.GatewayGroup, k)));
            return;
        }

        var invalid = new List<string>();
        foreach (var k in l.Spec.Kinds)
        {
            if (k.Group == KnownKinds.GatewayGroup && defaults.Contains(k.Kind))
            {
                if (!l.Supports(k.Kind))
                {
                    l.SupportedKinds.Add(new GroupKind(k.Group, k.Kind));
                }
            }
            else
            {
                invalid.Add($"{k.Group}/{k.Kind}");
            }
        }

        if (invalid.Count > 0)
        {
            l.Conditions.Add(Conditions.False("ResolvedRefs", "InvalidRouteKinds",
                $"route kinds {string.Join(", ", invalid)} cannot attach to a {protocol} listener; allowed: {string.Join(", ", defaults)}"));
        }
    }

    private static void Finish(BoundListener l, Condition? conflict)
    {
        if (conflict is not null && l.Accepted)
        {
            l.Accepted = false;
            l.Conditions.Add(Conditions.False("Accepted", conflict.Reason, conflict.Message));
        }

        if (!l.Conditions.Any(c => c.Type == "Accepted"))
        {
            l.Conditions.Add(Conditions.True("Accepted", "Accepted", "the listener is valid"));
        }

        l.Conditions.Add(conflict ?? Conditions.False("Conflicted", "NoConflicts", "no other listener conflicts with this one"));
        var refsOk = !l.Conditions.Any(c => c.Type == "ResolvedRefs" && c.Reason != "InvalidRouteKinds");
        if (!l.Conditions.Any(c => c.Type == "ResolvedRefs"))
        {
            l.Conditions.Add(Conditions.True("ResolvedRefs", "ResolvedRefs", "all references resolved"));
        }

        l.Programmed = l.Accepted && refsOk;

        // A ListenerSet's conflicted listener is reported with the conflict as the reason of both Accepted and
        // Programmed (the ListenerSet conformance tests read Programmed=False with reason HostnameConflict/ProtocolConflict).
        var notServed = l.ListenerSet is not null && conflict is not null ? conflict.Reason : "Invalid";
        l.Conditions.Add(l.Programmed
            ? Conditions.True("Programmed", "Programmed", "the listener is in the plan")
            : Conditions.False("Programmed", notServed, "the listener is not served until its conditions above are fixed"));
        l.SelectedKinds.AddRange(l.SupportedKinds);
        if (!l.Accepted)
        {
            l.SupportedKinds.Clear();
        }

        l.Conditions.Sort((a, b) => string.CompareOrdinal(a.Type, b.Type));
    }

    internal static EquatableArray<CertificateRef> Sorted(IEnumerable<CertificateRef> refs) =>
        refs.OrderBy(r => r.Namespace, StringComparer.Ordinal).ThenBy(r => r.Name, StringComparer.Ordinal).ToEquatableArray();
}
