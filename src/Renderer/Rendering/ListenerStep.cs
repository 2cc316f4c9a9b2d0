using System.Runtime.InteropServices;
using GitGateway.Plan;
using GitGateway.Plan.Model;
using GitGateway.Renderer.Binding;
using GitGateway.Renderer.Manifests;

namespace GitGateway.Renderer.Rendering;

/// <summary>
/// Step 7: the plan's listeners (programmed listeners of accepted Gateways and of their attached ListenerSets,
/// sorted by port then id), their virtual hosts (most specific hostname first) with entries in precedence order,
/// and their L4 routes.
/// </summary>
internal static class ListenerStep
{
    public static void Run(RenderContext c)
    {
        var byListener = new Dictionary<BoundListener, List<Attachment>>();
        foreach (var a in c.Routes.SelectMany(r => r.Attachments))
        {
            if (!byListener.TryGetValue(a.Listener, out var list))
            {
                byListener[a.Listener] = list = [];
            }

            list.Add(a);
        }

        var listeners = new List<Listener>();
        foreach (var gw in c.Gateways.Values.Where(g => g.Accepted))
        {
            var gwRef = new ObjectRef("Gateway", gw.Gateway.Namespace, gw.Gateway.Name);
            // The merged list: the Gateway's own listeners, then those of its attached ListenerSets.
            var merged = gw.Listeners.Concat(c.ListenerSets.Where(s => s.Gateway == gw && s.Accepted).SelectMany(s => s.Listeners));
            foreach (var l in merged.Where(l => l.Programmed))
            {
                var attachments = byListener.GetValueOrDefault(l) ?? [];
                var http = l.Protocol is ListenerProtocol.HTTP or ListenerProtocol.HTTPS;
                listeners.Add(new Listener(
                    l.Id, gwRef, l.Spec.Name, l.Spec.Port, l.Protocol!.Value, l.Spec.Hostname, l.Tls,
                    http ? VirtualHosts(c, l, attachments) : default,
                    http ? default : L4Routes(c, l, attachments),
                    l.Spec.Mark));
            }
        }

        c.Listeners.AddRange(listeners.OrderBy(l => l.Port).ThenBy(l => l.Id, StringComparer.Ordinal));
    }

    private static EquatableArray<VirtualHost> VirtualHosts(RenderContext c, BoundListener l, List<Attachment> attachments)
    {
        var id = l.Id;
        var previous = c.Memo is null ? null : c.Previous?.Entries.GetValueOrDefault(id);
        var kept = c.Memo?.EntriesOn(id);
        var hosts = new Dictionary<string, HostEntries>(StringComparer.Ordinal);
        foreach (var a in attachments)
        {
            if (!a.Route.Route.IsHttp)
            {
                continue;
            }

            List<BuiltEntry>? entries = null;
            foreach (var h in a.Hostnames)
            {
                if (!hosts.TryGetValue(h, out var host))
                {
                    hosts[h] = host = new HostEntries();
                }

                // Several parentRefs may select the same listener: a route serves a hostname once.
                if (!host.Routes.Add(a.Route.Route.Object.Key))
                {
                    continue;
                }

                entries ??= Entries(c, a.Route, l, previous, kept);
                host.Entries.AddRange(entries);
            }
        }

        var names = new string[hosts.Count];
        hosts.Keys.CopyTo(names, 0);
        Array.Sort(names, HostnameOrder.Instance);
        var result = new VirtualHost[names.Length];
        for (var i = 0; i < names.Length; i++)
        {
            var hostId = $"{id}/host/{names[i]}";
            var precedence = c.Input.Ages is null ? EntryPrecedence.Instance : new EntryPrecedence(c.Input.Ages);
            var ordered = OrderReuse.Sort(hosts[names[i]].Entries, c.Memo is null ? null : c.Previous?.Hosts.GetValueOrDefault(hostId), precedence, ReferenceEqualityComparer.Instance, entries =>
            {
                entries.Sort(precedence);
                return entries;
            });
            if (c.Memo is not null)
            {
                c.Memo.Hosts[hostId] = ordered;
            }

            var built = new RouteEntry[ordered.Count];
            for (var j = 0; j < built.Length; j++)
            {
                built[j] = ordered[j].Entry;
            }

            result[i] = new VirtualHost(hostId, names[i], ImmutableCollectionsMarshal.AsImmutableArray(built));
        }

        return ImmutableCollectionsMarshal.AsImmutableArray(result);
    }

    // A route's entries on one listener: those the render before built, when it bound the route the same (RenderReuse).
    private static List<BuiltEntry> Entries(RenderContext c, BoundRoute route, BoundListener l, Dictionary<RouteObject, List<BuiltEntry>>? previous, Dictionary<RouteObject, List<BuiltEntry>>? kept)
    {
        if (kept is null)
        {
            return EntryBuilder.Build(c, route, l);
        }

        if (previous is null || !previous.TryGetValue(route.Route, out var entries))
        {
            entries = EntryBuilder.Build(c, route, l);
        }

        kept[route.Route] = entries;
        return entries;
    }

    private static EquatableArray<L4Route> L4Routes(RenderContext c, BoundListener l, List<Attachment> attachments)
    {
        var result = new List<(string FirstHost, long Age, L4Route Route)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var a in attachments.Where(a => !a.Route.Route.IsHttp && a.Route.Route.Kind == KindFor(l.Protocol!.Value)))
        {
            var r = a.Route.Route;
            if (!seen.Add(r.Object.Key))
            {
                continue;
            }

            var hosts = r.Kind == "TLSRoute" ? a.Hostnames.Order(HostnameOrder.Instance).ToEquatableArray() : default;
            var age = c.Input.Ages?.RankOf(r.Kind, r.Namespace, r.Name) ?? 0;
            foreach (var rule in a.Route.Rules)
            {
                var backends = BackendTlsStep.Carries(a) ? rule.Backends.Select(b => c.BackendTls.Apply(b, ClientCertificate(c, l), c.Index)) : rule.Backends;
                var route = new L4Route($"{r.Kind.ToLowerInvariant()}/{r.Namespace}/{r.Name}/rule/{rule.Index}", new ObjectRef(r.Kind, r.Namespace, r.Name), hosts, backends.ToEquatableArray(), rule.Spec.Mark);
                result.Add((hosts.IsEmpty ? "*" : hosts[0], age, route));
            }
        }

        // The node serves the first route for a hostname: the oldest (Gateway API's creationTimestamp, here the
        // commit that introduced it), then the first by namespace/name.
        var ordered = result.OrderBy(x => x.FirstHost, HostnameOrder.Instance).ThenBy(x => x.Age)
            .ThenBy(x => x.Route.Route.Namespace, StringComparer.Ordinal).ThenBy(x => x.Route.Route.Name, StringComparer.Ordinal)
            .ThenBy(x => x.Route.Id, StringComparer.Ordinal).Select(x => x.Route).ToList();
        if (c.Input.Ages is null)
        {
            L4Shadowing.ReportNameTies(c, l, ordered);
        }

        return ordered.ToEquatableArray();
    }

    // One virtual host's entries as they come, and the routes that gave them.
    private sealed class HostEntries
    {
        public HashSet<string> Routes { get; } = new(StringComparer.Ordinal);

        public List<BuiltEntry> Entries { get; } = [];
    }

    private static CertificateRef? ClientCertificate(RenderContext c, BoundListener l) =>
        c.Gateways.GetValueOrDefault((l.Gateway.Namespace, l.Gateway.Name))?.BackendClientCertificate;

    private static string KindFor(ListenerProtocol p) => p switch
    {
        ListenerProtocol.TLS => "TLSRoute",
        ListenerProtocol.TCP => "TCPRoute",
        _ => "UDPRoute",
    };
}
