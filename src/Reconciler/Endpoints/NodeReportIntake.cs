using System.Text.Json;
using GitGateway.Proxy.Sync;
using GitGateway.Reconciler.Apply;
using GitGateway.Renderer.Diagnostics;
using Microsoft.AspNetCore.Http.Features;

namespace GitGateway.Reconciler.Endpoints;

/// <summary>
/// What the control plane keeps of a node's report (<c>POST …/nodes/{name}/report</c>). A node is trusted to say how
/// it is, not to fill the control plane's memory or a check's text, nor to break the canary's arithmetic: the body
/// is read up to <see cref="MaxReportBytes"/>, texts are bounded, and null entries, unnamed or duplicated route
/// counters and negative counts are dropped rather than kept for the canary bake (<see cref="CanaryBake"/>) to trip on.
/// </summary>
internal static class NodeReportIntake
{
    public const int MaxReportBytes = 4 << 20;
    public const int MaxErrorLength = 2_000;
    public const int MaxRoutes = 10_000;
    public const int MaxPeers = 1_000;
    public const int MaxNameLength = 512;

    /// <summary>Whether a node name or plan hash from the network is one the control plane keeps: bounded, no control characters.</summary>
    public static bool IsName(string? value) => value is { Length: > 0 and <= MaxNameLength } && !value.Any(char.IsControl);

    /// <summary>The report in the body; null when it is larger than the bound, not a report, or names no plan hash.</summary>
    public static async Task<NodeReport?> ReadAsync(HttpContext context)
    {
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxReportBytes;
        }

        try
        {
            var report = await context.Request.ReadFromJsonAsync<NodeReport>(context.RequestAborted);
            return report is not null && IsName(report.PlanHash) ? report : null;
        }
        catch (Exception e) when (e is JsonException or BadHttpRequestException or InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>The node's status as kept, received at <paramref name="now"/>.</summary>
    public static NodeStatus Status(string name, NodeReport report, DateTimeOffset now) =>
        new(name, report.PlanHash, report.Accepted, Bounded(report.Error), report.Ready, now, Peers(report.Peers))
        {
            Serving = IsName(report.Serving) ? report.Serving : null,
            ReportedAt = now,
            VipServing = FleetDocument.Bounded(report.VipServing),
            VipHeld = FleetDocument.Bounded(report.VipHeld),
        };

    /// <summary>Named, non-negative counters, the first of each route name, at most <see cref="MaxRoutes"/>.</summary>
    public static IReadOnlyList<RouteCounters>? Routes(IReadOnlyList<RouteCounters?>? routes)
    {
        if (routes is null)
        {
            return null;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        var kept = new List<RouteCounters>();
        foreach (var route in routes)
        {
            if (kept.Count == MaxRoutes)
            {
                break;
            }

            if (route is { Requests: >= 0, ServerErrors: >= 0, ConnectErrors: >= 0 } && IsName(route.Route) && seen.Add(route.Route))
            {
                kept.Add(route);
            }
        }

        return kept;
    }

    /// <summary><paramref name="text"/> cut to <see cref="MaxErrorLength"/> characters, marked when cut.</summary>
    public static string? Bounded(string? text) => text is null ? null : DisplayText.Shorten(text, MaxErrorLength + 1);

    private static List<PeerReport>? Peers(IReadOnlyList<PeerReport?>? peers) => peers?
        .OfType<PeerReport>()
        .Take(MaxPeers)
        .Select(p => p with
        {
            Peer = Bounded(p.Peer) ?? "",
            State = Bounded(p.State) ?? "",
            LastError = Bounded(p.LastError),
            Advertised = p.Advertised?.Where(IsName).Take(PeerDrift.MaxPrefixes).ToList(),
        })
        .ToList();
}
