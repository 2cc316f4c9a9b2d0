using System.Globalization;
using System.Net;

namespace GitGateway.Vip.Announcing;

/// <summary>
/// The node-level announcer options shared by <c>gitgateway-vip</c> and <c>gitgateway-proxy --vip</c>, so both
/// command lines read them the same way. Names are given without the leading <c>--</c>.
/// </summary>
public static class AnnouncerArguments
{
    /// <summary>Options that take a value (<c>node-label</c> may repeat).</summary>
    public static IReadOnlyList<string> ValueOptions { get; } =
        ["node-label", "router-id", "next-hop-v4", "next-hop-v6", "local-address", "listen-port", "bfd-port", "vip-interface", "withdraw-delay", "connect-retry-min", "secret-dir", "send-hold-time", "floor-probe", "fleet-status"];

    /// <summary>Options without a value.</summary>
    public static IReadOnlyList<string> FlagOptions { get; } = ["passive"];

    /// <summary>The help lines of these options.</summary>
    public const string Usage = """
          --node-label KEY=VALUE    a label matched against VIP nodeSelectors (repeatable)
          --router-id A.B.C.D       override the plan's router ID
          --next-hop-v4 ADDR, --next-hop-v6 ADDR, --local-address ADDR
          --listen-port N           accept BGP connections from configured peers on this port
          --passive                 never dial peers; wait for them on --listen-port
          --bfd-port N              BFD control port (default 3784)
          --vip-interface NAME      add announced VIP addresses to this dummy interface (off by default)
          --withdraw-delay SECONDS  on SIGTERM, wait this long after withdrawing (default 5)
          --connect-retry-min MS    first BGP reconnect delay (default 1000)
          --secret-dir DIR          TCP MD5 keys of peers: DIR/<passwordSecretRef name>/password
          --floor-probe ADDR|off    keep a VIP announced that no other node serves while the proxy accepts
                                    on its ports at ADDR (default 127.0.0.1); off: follow readiness alone
          --fleet-status URL        another node's announcer /status, the floor's fleet view (repeatable)
          --send-hold-time SECONDS  drop a session whose peer reads nothing this long (RFC 9687;
                                    default max(480, 2 x hold time))
        """;

    /// <summary>Builds the announcer options; throws <see cref="FormatException"/> on a malformed value.</summary>
    /// <param name="nodeName">This node's name.</param>
    /// <param name="values">Every value given per option name (without <c>--</c>).</param>
    /// <param name="flags">The flags given (without <c>--</c>).</param>
    public static AnnouncerOptions Build(string nodeName, IReadOnlyDictionary<string, List<string>> values, IReadOnlySet<string> flags)
    {
        string? One(string name) => values.TryGetValue(name, out var v) && v.Count > 0 ? v[^1] : null;
        IPAddress? Address(string name) => One(name) is { } text ? IPAddress.Parse(text) : null;
        int? Int(string name) => One(name) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : null;
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var label in values.GetValueOrDefault("node-label") ?? [])
        {
            var pair = label.Split('=', 2);
            labels[pair[0]] = pair.Length > 1 ? pair[1] : "";
        }

        return new AnnouncerOptions(
            nodeName,
            labels,
            Address("router-id"),
            Address("next-hop-v4"),
            Address("next-hop-v6"),
            Address("local-address"),
            flags.Contains("passive"),
            TimeSpan.FromMilliseconds(Int("connect-retry-min") ?? 1000),
            TimeSpan.FromSeconds(30),
            Int("bfd-port") ?? 3784,
            One("vip-interface"),
            Int("listen-port"),
            One("secret-dir"),
            One("send-hold-time") is { } sendHold ? SendHoldTime(sendHold) : null,
            One("floor-probe") is "off" ? null : Address("floor-probe") ?? IPAddress.Loopback,
            [.. (values.GetValueOrDefault("fleet-status") ?? []).Select(FleetUrl)]);
    }

    private static Uri FleetUrl(string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var url) && url.Scheme is "http" or "https" ? url : throw new FormatException($"--fleet-status {text}: not an http(s) URL");

    private static TimeSpan SendHoldTime(string text)
    {
        var seconds = double.Parse(text, CultureInfo.InvariantCulture);
        return seconds is >= 1 and <= 86_400 ? TimeSpan.FromSeconds(seconds) : throw new FormatException("--send-hold-time must be 1 to 86400 seconds");
    }

    /// <summary>How long to wait after withdrawing on SIGTERM (default 5 s).</summary>
    public static TimeSpan WithdrawDelay(IReadOnlyDictionary<string, List<string>> values) =>
        TimeSpan.FromSeconds(double.Parse(values.TryGetValue("withdraw-delay", out var v) && v.Count > 0 ? v[^1] : "5", CultureInfo.InvariantCulture));
}
