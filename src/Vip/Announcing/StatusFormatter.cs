using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using GitGateway.Vip.Bgp;

namespace GitGateway.Vip.Announcing;

/// <summary>Per-peer status as JSON (for the control plane) and in the Prometheus text format (for <c>/metrics</c>).</summary>
public static partial class StatusFormatter
{
    /// <summary>The status document.</summary>
    /// <param name="nodeName">This node.</param>
    /// <param name="readiness">What the proxy reports.</param>
    /// <param name="desiredRoutes">Routes handed to sessions.</param>
    /// <param name="peers">The sessions.</param>
    /// <param name="now">The time uptimes are measured at.</param>
    /// <param name="serving">VIP ids announced because the proxy serves them: the other nodes' fleet view reads these.</param>
    /// <param name="floorHold">VIP ids the floor keeps announced.</param>
    public static string Json(string nodeName, ProxyReadiness readiness, int desiredRoutes, IReadOnlyList<BgpPeerStatus> peers, DateTimeOffset now, IReadOnlySet<string>? serving = null, IReadOnlySet<string>? floorHold = null) =>
        JsonSerializer.Serialize(
            new StatusDocument(
                nodeName,
                readiness.Ready,
                readiness.PlanHash,
                desiredRoutes,
                [.. (serving ?? new HashSet<string>()).Order(StringComparer.Ordinal)],
                [.. (floorHold ?? new HashSet<string>()).Order(StringComparer.Ordinal)],
                [.. peers.Select(p => new PeerDocument(
                    p.Peer,
                    p.PeerAs,
                    p.State.ToString(),
                    p.EstablishedSince is { } since ? (now - since).TotalSeconds : 0,
                    p.PrefixesAdvertised,
                    p.PrefixesReceived,
                    p.Established,
                    p.LastError,
                    p.BfdState))]),
            StatusJson.Default.StatusDocument);

    /// <summary>The metrics, one series per peer.</summary>
    public static string Prometheus(ProxyReadiness readiness, int desiredRoutes, IReadOnlyList<BgpPeerStatus> peers, DateTimeOffset now, int plansRefused = 0, int floorHeld = 0)
    {
        var text = new StringBuilder();
        Family(text, "gitgateway_vip_floor_hold", "gauge", "VIPs kept announced although the proxy does not report serving them, because no other node serves them; alert when above 0");
        Line(text, "gitgateway_vip_floor_hold", "", floorHeld);
        Family(text, "gitgateway_vip_plans_refused_total", "counter", "plans the speaker refused (outside pools, over a peer cap, not a plan, below the floor); alert on any increase");
        Line(text, "gitgateway_vip_plans_refused_total", "", plansRefused);
        Family(text, "gitgateway_vip_proxy_ready", "gauge", "1 when the local proxy reports ready");
        Line(text, "gitgateway_vip_proxy_ready", "", readiness.Ready ? 1 : 0);
        Family(text, "gitgateway_vip_routes_desired", "gauge", "routes the announcer wants advertised, summed over peers");
        Line(text, "gitgateway_vip_routes_desired", "", desiredRoutes);
        Family(text, "gitgateway_vip_bgp_session_state", "gauge", "1 for the session's current RFC 4271 state");
        foreach (var p in peers)
        {
            foreach (var state in Enum.GetValues<BgpState>())
            {
                Line(text, "gitgateway_vip_bgp_session_state", $"peer=\"{p.Peer}\",state=\"{state}\"", p.State == state ? 1 : 0);
            }
        }

        Series(text, peers, "gitgateway_vip_bgp_session_uptime_seconds", "gauge", "seconds since the session became Established", p => p.EstablishedSince is { } s ? (now - s).TotalSeconds : 0);
        Series(text, peers, "gitgateway_vip_bgp_prefixes_advertised", "gauge", "prefixes advertised to the peer", p => p.PrefixesAdvertised);
        Series(text, peers, "gitgateway_vip_bgp_prefixes_received", "gauge", "prefixes received from the peer (counted, not installed)", p => p.PrefixesReceived);
        Series(text, peers, "gitgateway_vip_bgp_established_total", "counter", "times the session reached Established", p => p.Established);
        Family(text, "gitgateway_vip_bgp_last_error_info", "gauge", "the last error of the session");
        foreach (var p in peers.Where(p => p.LastError is not null))
        {
            Line(text, "gitgateway_vip_bgp_last_error_info", $"peer=\"{p.Peer}\",error=\"{Escape(p.LastError!)}\"", 1);
        }

        return text.ToString();
    }

    private static void Series(StringBuilder text, IReadOnlyList<BgpPeerStatus> peers, string name, string type, string help, Func<BgpPeerStatus, double> value)
    {
        Family(text, name, type, help);
        foreach (var p in peers)
        {
            Line(text, name, $"peer=\"{p.Peer}\"", value(p));
        }
    }

    private static void Family(StringBuilder text, string name, string type, string help) =>
        text.Append("# HELP ").Append(name).Append(' ').Append(help).Append('\n').Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');

    private static void Line(StringBuilder text, string name, string labels, double value) =>
        text.Append(name).Append(labels.Length > 0 ? "{" + labels + "}" : "").Append(' ').Append(value.ToString(CultureInfo.InvariantCulture)).Append('\n');

    private static string Escape(string value) => value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);

    private sealed record StatusDocument(
        string Node,
        bool ProxyReady,
        string? PlanHash,
        int DesiredRoutes,
        string[] Serving,
        string[] FloorHold,
        PeerDocument[] Peers);

    private sealed record PeerDocument(
        string Peer,
        uint PeerAs,
        string State,
        double UptimeSeconds,
        int PrefixesAdvertised,
        int PrefixesReceived,
        long Established,
        string? LastError,
        string? Bfd);

    /// <summary>The status document's shape, written without reflection under System.Text.Json's web defaults, as before.</summary>
    [JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
    [JsonSerializable(typeof(StatusDocument))]
    private sealed partial class StatusJson : JsonSerializerContext;
}
