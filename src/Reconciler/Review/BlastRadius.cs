using GitGateway.Plan.Diff;
using GitGateway.Plan.Model;

namespace GitGateway.Reconciler.Review;

/// <summary>Who and what a change touches: teams (from the files the changed elements come from), hostnames, Gateways.</summary>
internal sealed record BlastRadius(IReadOnlyList<string> Teams, IReadOnlyList<string> Hostnames, IReadOnlyList<string> Gateways)
{
    public bool IsEmpty => Teams.Count == 0 && Hostnames.Count == 0 && Gateways.Count == 0;

    public static BlastRadius Of(IReadOnlyList<TrafficLine> traffic, IReadOnlyList<PlanChange> changes, RoutingPlan? before, RoutingPlan after)
    {
        var teams = new SortedSet<string>(StringComparer.Ordinal);
        var hosts = new SortedSet<string>(StringComparer.Ordinal);
        var gateways = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var line in traffic)
        {
            hosts.Add(line.Host);
            foreach (var e in new[] { line.Before, line.After })
            {
                if (e is not null)
                {
                    gateways.Add($"{e.Gateway.Namespace}/{e.Gateway.Name}");
                    AddTeam(teams, e.Http?.Source.File ?? e.L4?.Source.File);
                }
            }
        }

        // Listener and VIP changes come from the platform's files.
        var listeners = (before?.Listeners ?? default).Concat(after.Listeners).ToDictionary(l => l.Id, l => l, StringComparer.Ordinal, overwrite: true);
        foreach (var change in changes.Where(c => c.Path.Count == 1))
        {
            if (listeners.TryGetValue(change.Path[0], out var listener))
            {
                gateways.Add($"{listener.Gateway.Namespace}/{listener.Gateway.Name}");
                AddTeam(teams, listener.Source.File);
            }
            else
            {
                teams.Add("platform");
            }
        }

        return new BlastRadius([.. teams], [.. hosts], [.. gateways]);
    }

    private static void AddTeam(SortedSet<string> teams, string? file)
    {
        var parts = (file ?? "").Split('/');
        if (parts.Length > 2 && parts[0] == "teams")
        {
            teams.Add(parts[1]);
        }
        else if (parts[0] == "platform")
        {
            teams.Add("platform");
        }
    }
}
