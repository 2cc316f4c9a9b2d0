using System.Globalization;
using GitGateway.Plan.Model;
using GitGateway.Renderer.Status;

namespace GitGateway.Renderer.Binding;

/// <summary>
/// Listener conflicts within one Gateway (https://gateway-api.sigs.k8s.io/reference/spec/#listener): on one
/// port, HTTP, TLS-based (HTTPS and TLS share SNI dispatch) and TCP listeners cannot mix (ProtocolConflict);
/// two listeners of one kind on one port with the same hostname conflict (HostnameConflict); TCP and UDP
/// listeners dispatch on nothing but the port, so two of them on one port conflict. Every listener involved
/// is marked, so that which one serves never depends on declaration order. A ListenerSet's listeners are placed
/// after the Gateway's, in precedence order, and only the later one of a conflicting pair is marked
/// (<see cref="Against"/>).
/// </summary>
internal static class ListenerConflicts
{
    public static Dictionary<BoundListener, Condition> Find(List<BoundListener> listeners)
    {
        var result = new Dictionary<BoundListener, Condition>();
        foreach (var port in Grouped(listeners.Where(l => l.Accepted), l => l.Spec.Port.ToString(CultureInfo.InvariantCulture)))
        {
            var tcpFamilies = port.Where(l => l.Protocol != ListenerProtocol.UDP).Select(l => Family(l.Protocol!.Value)).Distinct().Count();
            foreach (var l in port)
            {
                if (l.Protocol != ListenerProtocol.UDP && tcpFamilies > 1)
                {
                    result[l] = Conflict("ProtocolConflict", $"another listener on port {l.Spec.Port} uses an incompatible protocol: give each protocol its own port");
                }
            }

            // The family is one word, so the first space ends it: one key per family and hostname.
            foreach (var group in Grouped(port.Where(l => !result.ContainsKey(l)), l => $"{Family(l.Protocol!.Value)} {Key(l)}"))
            {
                if (group.Count > 1)
                {
                    foreach (var l in group)
                    {
                        result[l] = Conflict("HostnameConflict", $"another listener on port {l.Spec.Port} has the same hostname '{l.Spec.Hostname ?? "(any)"}': make the hostnames distinct");
                    }
                }
            }
        }

        return result;
    }

    /// <summary>
    /// The conflict of a ListenerSet's listener with the listeners placed before it, or null. ListenerSet spec.listeners:
    /// "Implementations MUST treat the parent Gateway as having the merged list of all listeners from itself and
    /// attached ListenerSets using the following precedence: 1. "parent" Gateway 2. ListenerSet ordered by creation
    /// time (oldest first) 3. ListenerSet ordered alphabetically by "{namespace}/{name}"." and "If a listener has a
    /// conflict, this will be reported in the Status.ListenerEntryStatus setting the `Conflicted` condition to True."
    /// </summary>
    public static Condition? Against(IEnumerable<BoundListener> placed, BoundListener l)
    {
        ArgumentNullException.ThrowIfNull(placed);
        ArgumentNullException.ThrowIfNull(l);
        if (!l.Accepted)
        {
            return null;
        }

        var samePort = placed.Where(p => p.Accepted && p.Spec.Port == l.Spec.Port).ToList();
        var family = Family(l.Protocol!.Value);
        if (l.Protocol != ListenerProtocol.UDP && samePort.FirstOrDefault(p => p.Protocol != ListenerProtocol.UDP && Family(p.Protocol!.Value) != family) is { } other)
        {
            return Conflict("ProtocolConflict", $"listener '{other.Spec.Name}' {Of(other)} uses {other.Protocol} on port {l.Spec.Port} and comes first: give this protocol its own port");
        }

        return samePort.FirstOrDefault(p => Family(p.Protocol!.Value) == family && Key(p) == Key(l)) is { } same
            ? Conflict("HostnameConflict", $"listener '{same.Spec.Name}' {Of(same)} already serves hostname '{l.Spec.Hostname ?? "(any)"}' on port {l.Spec.Port} and comes first: make the hostnames distinct")
            : null;
    }

    // The listeners by key: the groups in the order of their first listener, each in the order given (as GroupBy
    // gives them; a GroupBy over an int or a tuple key is framework code over a value type, compiled at first call).
    private static List<List<BoundListener>> Grouped(IEnumerable<BoundListener> listeners, Func<BoundListener, string> key)
    {
        var groups = new List<List<BoundListener>>();
        var byKey = new Dictionary<string, List<BoundListener>>(StringComparer.Ordinal);
        foreach (var l in listeners)
        {
            var k = key(l);
            if (!byKey.TryGetValue(k, out var group))
            {
                byKey[k] = group = [];
                groups.Add(group);
            }

            group.Add(l);
        }

        return groups;
    }

    // Where a listener placed earlier is declared; a sibling's Secrets and other details stay out of the message.
    private static string Of(BoundListener l) => l.ListenerSet is { } set ? $"of ListenerSet {set.Namespace}/{set.Name}" : $"of Gateway {l.Gateway.Namespace}/{l.Gateway.Name}";

    private static string Family(ListenerProtocol p) => p switch
    {
        ListenerProtocol.HTTP => "http",
        ListenerProtocol.HTTPS or ListenerProtocol.TLS => "tls",
        ListenerProtocol.TCP => "tcp",
        _ => "udp",
    };

    // TCP and UDP listeners have no hostname dispatch: all of them on one port share one key.
    private static string Key(BoundListener l) => l.Protocol is ListenerProtocol.TCP or ListenerProtocol.UDP ? "" : l.Spec.Hostname ?? "";

    private static Condition Conflict(string reason, string message) => new("Conflicted", "True", reason, message);
}
