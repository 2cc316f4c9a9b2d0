using GitGateway.Plan.Model;
using GitGateway.Renderer.Diagnostics;
using GitGateway.Renderer.Rendering;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace GitGateway.Reconciler.Cli;

/// <summary>
/// <c>gitgateway render --output table</c>: the plan as a reviewer reads it — listeners, hostnames, routes with
/// their weighted backends, L4 routes, VIPs — then the statuses that are not healthy and the diagnostics.
/// </summary>
internal static class RenderTable
{
    // The widest hostname or route name kept on one line; five columns in 120 leave this much for two of them.
    private const int KeepWhole = 40;

    public static void Write(IAnsiConsole console, RenderResult result)
    {
        var plan = result.Plan;
        var errors = result.Diagnostics.Count(d => d.Severity == DiagnosticSeverity.Error);
        console.Write(new Text($"Plan {plan.Source}: {(errors == 0 ? "valid" : $"INVALID ({errors} errors)")}, " +
            $"{plan.Listeners.Count} listeners, {plan.Listeners.Sum(l => l.VirtualHosts.Sum(v => v.Routes.Count) + l.L4Routes.Count)} route entries, {plan.Vips.Count} VIPs\n"));
        WriteListeners(console, result);
        WriteHttpRoutes(console, plan);
        WriteL4Routes(console, plan);
        WriteVips(console, plan);
        WriteLines(console, "Statuses that are not healthy", Review.StatusProblems.Of(result.Status));
        WriteLines(console, "Diagnostics", result.Diagnostics.Select(d => d.ToString()).ToList());
    }

    private static void WriteListeners(IAnsiConsole console, RenderResult result)
    {
        var table = NewTable("Listeners", "Gateway", "Listener", "Port", "Protocol", "Hostname", "TLS", "Routes");
        foreach (var l in result.Plan.Listeners)
        {
            var attached = result.Status.Gateways
                .FirstOrDefault(g => g.Namespace == l.Gateway.Namespace && g.Name == l.Gateway.Name)?
                .Listeners.FirstOrDefault(s => s.Name == l.Name)?.AttachedRoutes;
            var tls = l.Tls is null ? "" : $"{l.Tls.Mode} {string.Join(", ", l.Tls.CertificateRefs)}".Trim();
            AddRow(table, $"{l.Gateway.Namespace}/{l.Gateway.Name}", l.Name, l.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                l.Protocol.ToString(), l.Hostname ?? "*", tls, attached?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "");
        }

        Show(console, table);
    }

    // One table per listener, so the listener is its title rather than a column: five columns fit 120 with room
    // for hostnames and route names, which keep whole (NoWrap) while matches, actions and policies wrap. A hostname
    // or route name too long for that (up to 253 characters) wraps too: kept whole, it would leave the other
    // columns no width at all, and the backends would not show.
    private static void WriteHttpRoutes(IAnsiConsole console, RoutingPlan plan)
    {
        foreach (var l in plan.Listeners.Where(l => l.VirtualHosts.Count > 0))
        {
            var table = NewTable($"HTTP and gRPC routes on {l.Name} :{l.Port} (in precedence order per host)", "Host", "Match", "→ Backends / action", "Filters, policies", "Route");
            table.Columns[0].NoWrap = l.VirtualHosts.All(v => PlanText.Host(v.Hostname).Length <= KeepWhole);
            table.Columns[4].NoWrap = l.VirtualHosts.All(v => v.Routes.All(e => $"{e.Route.Kind} {e.Route.Namespace}/{e.Route.Name}".Length <= KeepWhole));
            foreach (var vhost in l.VirtualHosts)
            {
                foreach (var e in vhost.Routes)
                {
                    var extras = string.Join(", ", new[] { PlanText.Filters(e) }.Concat(e.Policies.Select(p => p.Type.ToString())).Where(x => x.Length > 0));
                    AddRow(table, PlanText.Host(vhost.Hostname), PlanText.Match(e.Match), PlanText.Action(e), extras, $"{e.Route.Kind} {e.Route.Namespace}/{e.Route.Name}");
                }
            }

            Show(console, table);
        }
    }

    private static void WriteL4Routes(IAnsiConsole console, RoutingPlan plan)
    {
        var table = NewTable("TCP, TLS and UDP routes", "Listener", "Route", "SNI", "→ Backends");
        foreach (var l in plan.Listeners)
        {
            foreach (var r in l.L4Routes)
            {
                AddRow(table, $"{l.Name} :{l.Port} {l.Protocol}", $"{r.Route.Kind} {r.Route.Namespace}/{r.Route.Name}",
                    string.Join(", ", r.Hostnames), PlanText.Backends(r.Backends));
            }
        }

        Show(console, table);
    }

    private static void WriteVips(IAnsiConsole console, RoutingPlan plan)
    {
        var table = NewTable("VIPs", "VIP", "Addresses", "Mode", "Ports", "Gateways", "BGP peers", "BFD");
        foreach (var v in plan.Vips)
        {
            AddRow(table, v.Name, string.Join(", ", v.Addresses), v.Mode, string.Join(", ", v.Ports),
                string.Join(", ", v.Gateways.Select(g => $"{g.Namespace}/{g.Name}")),
                v.Bgp is null ? "" : string.Join(", ", v.Bgp.Peers.Select(p => $"{p.Address} AS{p.As}")),
                v.Bfd is null ? "off" : "on");
        }

        Show(console, table);
    }

    private static void WriteLines(IAnsiConsole console, string title, IReadOnlyList<string> lines)
    {
        if (lines.Count == 0)
        {
            return;
        }

        console.Write(new Rule(title).LeftJustified());
        foreach (var line in lines)
        {
            console.Write(new Text(line + "\n"));
        }
    }

    private static Table NewTable(string title, params string[] columns)
    {
        var table = new Table { Title = new TableTitle(Markup.Escape(title)), Border = TableBorder.Rounded };
        foreach (var c in columns)
        {
            table.AddColumn(new TableColumn(new Text(c)));
        }

        return table;
    }

    // Cells as Text, never markup: hostnames, regexes and messages may contain '[' and ']'.
    private static void AddRow(Table table, params string[] cells) => table.AddRow(cells.Select(c => (IRenderable)new Text(c)).ToArray());

    private static void Show(IAnsiConsole console, Table table)
    {
        if (table.Rows.Count > 0)
        {
            console.Write(table);
        }
    }
}
