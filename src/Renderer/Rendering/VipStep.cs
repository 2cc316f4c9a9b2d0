using GitGateway.Plan;
using GitGateway.Plan.Model;
using GitGateway.Renderer.Diagnostics;

namespace GitGateway.Renderer.Rendering;

/// <summary>
/// Step 8: the plan's VIPs with the Gateways that use them; overlapping VIP addresses and listener ports a
/// VIP does not list are diagnostics (CRDS.md, ProxyVIP); so is a VIP outside every ProxyVIPPool or one that
/// would push a peer past its maxPrefixes (<see cref="VipPoolCheck"/>).
/// </summary>
internal static class VipStep
{
    public static void Run(RenderContext c)
    {
        var owners = new Dictionary<string, string>(StringComparer.Ordinal);
        var pools = new VipPoolCheck(c.Set.VipPools, c.Diagnostics);
        foreach (var v in c.Set.Vips.OrderBy(v => v.Object.Name, StringComparer.Ordinal))
        {
            var overlap = false;
            foreach (var address in v.Vip.Addresses)
            {
                if (!owners.TryAdd(address, v.Object.Name))
                {
                    c.Diagnostics.Error(DiagnosticCodes.VipOverlap, v.Object.Mark, $"ProxyVIP {v.Object.Name} uses {address}, which ProxyVIP {owners[address]} already announces: give each VIP its own address");
                    overlap = true;
                }
            }

            if (overlap || !pools.Admit(v))
            {
                continue;
            }

            var gateways = c.Gateways.Values.Where(g => g.Accepted && g.Vip == v).ToList();
            foreach (var l in gateways.SelectMany(g => g.Listeners).Where(l => l.Programmed && !v.Vip.Ports.IsEmpty && !v.Vip.Ports.Contains(l.Spec.Port)))
            {
                c.Diagnostics.Error(DiagnosticCodes.VipPortNotCovered, l.Spec.Mark,
                    $"listener '{l.Spec.Name}' uses port {l.Spec.Port}, which ProxyVIP {v.Object.Name} does not list in spec.ports: add the port to the VIP");
            }

            var refs = gateways.Select(g => new ObjectRef("Gateway", g.Gateway.Namespace, g.Gateway.Name)).OrderBy(r => r.ToString(), StringComparer.Ordinal).ToEquatableArray();
            c.Vips.Add(v.Vip with { Gateways = refs });
        }
    }
}
