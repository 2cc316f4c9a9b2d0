using GitGateway.Renderer.Status;

namespace GitGateway.Reconciler.Cli;

/// <summary>
/// The statuses a reviewer must see: every condition that is not in its healthy state (a positive-polarity
/// condition such as Accepted or ResolvedRefs that is not True, or Conflicted that is True), one line each.
/// </summary>
internal static class StatusProblems
{
    public static IReadOnlyList<string> From(RenderStatus status)
    {
        var lines = new List<string>();
        foreach (var c in status.GatewayClasses)
        {
            lines.AddRange(Bad(c.Conditions).Select(x => $"GatewayClass {c.Name}: {x}"));
        }

        foreach (var g in status.Gateways)
        {
            lines.AddRange(Bad(g.Conditions).Select(x => $"Gateway {g.Namespace}/{g.Name}: {x}"));
            foreach (var l in g.Listeners)
            {
                lines.AddRange(Bad(l.Conditions).Select(x => $"Gateway {g.Namespace}/{g.Name} listener {l.Name}: {x}"));
            }
        }

        foreach (var r in status.Routes)
        {
            foreach (var p in r.Parents)
            {
                var parent = $"{p.ParentRef.Namespace}/{p.ParentRef.Name}{(p.ParentRef.SectionName is { } s ? "/" + s : "")}{(p.ParentRef.Port is { } port ? ":" + port : "")}";
                lines.AddRange(Bad(p.Conditions).Select(x => $"{r.Kind} {r.Namespace}/{r.Name} → {parent}: {x}"));
            }
        }

        return lines;
    }

    private static IEnumerable<string> Bad(IReadOnlyList<Condition> conditions) => conditions
        .Where(c => IsNegativePolarity(c.Type) ? c.Status != "False" : c.Status != "True")
        .Select(c => $"{c.Type}={c.Status} {c.Reason}{(string.IsNullOrEmpty(c.Message) ? "" : ": " + c.Message)}");

    // Conditions where True is the problem (Gateway API "abnormal-true" conditions).
    private static bool IsNegativePolarity(string type) => type is "Conflicted" or "OverlappingTLSConfig";
}
