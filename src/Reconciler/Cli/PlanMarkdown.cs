using GitGateway.Renderer.Diagnostics;

namespace GitGateway.Reconciler.Cli;

/// <summary>
/// The plan diff as Markdown, the form a pull-request comment takes: a summary line, the traffic changes by
/// hostname, statuses that are not healthy, diagnostics with file:line, and the full structural diff folded.
/// </summary>
internal static class PlanMarkdown
{
    public static void Write(TextWriter output, PlanComparison c)
    {
        var errors = c.Head.Diagnostics.Count(d => d.Severity == DiagnosticSeverity.Error);
        var verdict = errors == 0 ? "**valid**" : $"**invalid** ({Plural(errors, "error")})";
        output.WriteLine($"### GitGateway plan: {verdict}; {c.Counts}");
        output.WriteLine();
        output.WriteLine($"`{c.Base.Plan.Source}` → `{c.Head.Plan.Source}`");
        output.WriteLine();
        if (c.NoChangeToTraffic)
        {
            output.WriteLine(c.Diff.IsEmpty ? "No change to traffic." : "No change to traffic (only source locations moved).");
            output.WriteLine();
        }
        else
        {
            output.WriteLine("#### Traffic changes");
            output.WriteLine();
            output.WriteLine(BlastRadius(c));
            output.WriteLine();
            foreach (var group in c.Traffic)
            {
                output.WriteLine($"**{group.Title}**");
                foreach (var line in group.Lines)
                {
                    output.WriteLine($"- {line}");
                }

                output.WriteLine();
            }
        }

        WriteList(output, "Statuses that are not healthy", StatusProblems.From(c.Head.Status));
        WriteList(output, "Diagnostics", c.Head.Diagnostics.Select(d => $"`{d.File}:{d.Line}:{d.Column}` {(d.Severity == DiagnosticSeverity.Error ? "error" : "warning")} {d.Code}: {d.Message}").ToList());
        if (!c.Diff.IsEmpty)
        {
            output.WriteLine($"<details><summary>Full plan diff ({Plural(c.Diff.Changes.Count, "change")})</summary>");
            output.WriteLine();
            output.WriteLine("```");
            foreach (var change in c.Diff.Changes)
            {
                output.WriteLine(change.ToString());
            }

            output.WriteLine("```");
            output.WriteLine("</details>");
        }
    }

    // Which hostnames and Gateways the change touches: what a reviewer weighs before approving.
    private static string BlastRadius(PlanComparison c)
    {
        var hosts = c.Traffic.Where(g => g.Title.Contains('.', StringComparison.Ordinal) || g.Title.StartsWith('*')).Select(g => g.Title).ToList();
        var gateways = c.Diff.Changes
            .Select(change => change.Path.Count > 0 ? change.Path[0].Split('/') : [])
            .Where(parts => parts.Length >= 3 && parts[0] == "gateway")
            .Select(parts => $"{parts[1]}/{parts[2]}")
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
        return $"Touches {Plural(hosts.Count, "hostname")}{(hosts.Count > 0 ? " (" + string.Join(", ", hosts) + ")" : "")}" +
            $" on {(gateways.Count == 0 ? "no Gateway listener" : "Gateway " + string.Join(", ", gateways))}.";
    }

    private static void WriteList(TextWriter output, string title, IReadOnlyList<string> lines)
    {
        if (lines.Count == 0)
        {
            return;
        }

        output.WriteLine($"#### {title}");
        output.WriteLine();
        foreach (var line in lines)
        {
            output.WriteLine($"- {line}");
        }

        output.WriteLine();
    }

    private static string Plural(int n, string noun) => n == 1 ? $"1 {noun}" : $"{n} {noun}s";
}
