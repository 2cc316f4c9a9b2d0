using GitGateway.Plan.Model;
using GitGateway.Renderer.Status;

namespace GitGateway.Renderer.Binding;

/// <summary>
/// Listener conflicts within one Gateway (https://gateway-api.sigs.k8s.io/reference/spec/#listener): on one
/// port, HTTP, TLS-based (HTTPS and TLS share SNI dispatch) and TCP listeners cannot mix (ProtocolConflict);
/// two listeners of one kind on one port with the same hostname conflict (HostnameConflict); TCP and UDP
/// listeners dispatch on nothing but the port, so two of them on one port conflict. Every listener involved
/// is marked, so that which one serves never depends on declaration order.
/// </summary>
internal static class ListenerConflicts
{
    public static Dictionary<BoundListener, Condition> Find(List<BoundListener> listeners)
    {
        var result = new Dictionary<BoundListener, Condition>();
        foreach (var port in listeners.Where(l => l.Accepted).GroupBy(l => l.Spec.Port))
        {
            var tcpFamilies = port.Where(l => l.Protocol != ListenerProtocol.UDP).Select(l => Family(l.Protocol!.Value)).Distinct().Count();
            foreach (var l in port)
            {
                if (l.Protocol != ListenerProtocol.UDP && tcpFamilies > 1)
                {
                    result[l] = Conflict("ProtocolConflict", $"another listener on port {l.Spec.Port} uses an incompatible protocol: give each protocol its own port");
                }
            }

            foreach (var group in port.Where(l => !result.ContainsKey(l)).GroupBy(l => (Family(l.Protocol!.Value), Key(l))))
            {
                if (group.Count() > 1)
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
