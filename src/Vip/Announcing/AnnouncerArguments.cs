using System.CommandLine;
using System.Net;
using System.Net.Sockets;
using GitGateway.Vip.CommandLine;

namespace GitGateway.Vip.Announcing;

/// <summary>
/// The node-level announcer options shared by <c>gitgateway-vip</c> and <c>gitgateway-proxy --vip</c>, so both
/// command lines define and read them the same way: each program adds <see cref="All"/> to its root command.
/// </summary>
public sealed class AnnouncerArguments
{
    /// <summary>The BGP connect-retry ceiling; the first delay comes from <c>--connect-retry-min</c>.</summary>
    private static readonly TimeSpan ConnectRetryMax = TimeSpan.FromSeconds(30);

    public Option<string[]> NodeLabel { get; } = NodeOption.Repeated(
        "--node-label", "KEY=VALUE", "A label matched against VIP nodeSelectors (repeatable; KEY alone is an empty value).", text => (true, text), "");

    public Option<string?> RouterId { get; } = NodeOption.Text(
        "--router-id", "A.B.C.D|auto", "Override the plan's router ID (each node needs its own); auto: derived from the node name.", RouterIdentifier.IsValid, RouterIdentifier.Rule);

    public Option<IPAddress?> NextHopV4 { get; } = NodeOption.Address("--next-hop-v4", "ADDR", "IPv4 next hop to announce instead of the session's own address.", AddressFamily.InterNetwork);

    public Option<IPAddress?> NextHopV6 { get; } = NodeOption.Address("--next-hop-v6", "ADDR", "IPv6 next hop to announce instead of the session's own address.", AddressFamily.InterNetworkV6);

    public Option<IPAddress?> LocalAddress { get; } = NodeOption.Address("--local-address", "ADDR", "Address to open BGP and BFD sessions from.");

    public Option<int?> ListenPort { get; } = NodeOption.OptionalInt("--listen-port", "N", "Accept BGP connections from configured peers on this port.", 1, 65_535);

    public Option<bool> Passive { get; } = NodeOption.Flag("--passive", "Never dial peers; wait for them on --listen-port.");

    public Option<int> BfdPort { get; } = NodeOption.Int("--bfd-port", "N", "BFD control port.", 1, 65_535, 3784);

    public Option<string?> VipInterface { get; } = NodeOption.Text(
        "--vip-interface", "NAME", "Add announced VIP addresses to this dummy interface (off by default).", IsInterfaceName, "an interface name (1 to 15 letters, digits, '.', '_' or '-')");

    public Option<double> WithdrawDelay { get; } = NodeOption.Number("--withdraw-delay", "SECONDS", "On SIGTERM, wait this long after withdrawing.", 0, 3_600, 5);

    public Option<int> ConnectRetryMin { get; } = NodeOption.Int("--connect-retry-min", "MS", "First BGP reconnect delay in milliseconds.", 1, 600_000, 1000);

    public Option<string?> SecretDir { get; } = NodeOption.Text("--secret-dir", "DIR", "TCP MD5 keys of peers: DIR/<passwordSecretRef name>/password.");

    public Option<string?> FloorProbe { get; } = NodeOption.Text(
        "--floor-probe",
        "ADDR|off",
        "Keep a VIP announced that no other node serves while the proxy reports its ports bound and they accept at ADDR; off: follow readiness alone.",
        text => text == "off" || IPAddress.TryParse(text, out _),
        "an IP address or off",
        "127.0.0.1");

    public Option<Uri[]> FleetStatus { get; } = NodeOption.Repeated(
        "--fleet-status", "URL", "Another node's announcer /status, the floor's fleet view (repeatable).", text => NodeOption.TryHttpUrl(text, out var url) ? (true, url) : (false, url!), "an http(s) URL");

    public Option<double?> SendHoldTime { get; } = NodeOption.OptionalNumber(
        "--send-hold-time", "SECONDS", "Drop a session whose peer reads nothing this long (RFC 9687; default max(480, 2 x hold time)).", 1, 86_400);

    // RFC 4724 §3: the restart time is a 12-bit field.
    public Option<int> GracefulRestartTime { get; } = NodeOption.Int(
        "--graceful-restart-time", "SECONDS", "How long a router keeps this node's routes after the speaker dies without a word (RFC 4724); 0: no graceful restart.", 0, 4_095, 120);

    /// <summary>Every option, in the order the help lists them.</summary>
    public IReadOnlyList<Option> All =>
        [NodeLabel, RouterId, NextHopV4, NextHopV6, LocalAddress, ListenPort, Passive, BfdPort, VipInterface, WithdrawDelay, ConnectRetryMin, SecretDir, FloorProbe, FleetStatus, SendHoldTime, GracefulRestartTime];

    /// <summary>The announcer options of a command line that parsed.</summary>
    /// <param name="parse">The parsed command line.</param>
    /// <param name="nodeName">This node's name.</param>
    public AnnouncerOptions Read(ParseResult parse, string nodeName)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var label in parse.GetValue(NodeLabel) ?? [])
        {
            var pair = label.Split('=', 2);
            labels[pair[0]] = pair.Length > 1 ? pair[1] : "";
        }

        return new AnnouncerOptions(
            nodeName,
            labels,
            RouterIdentifier.Resolve(parse.GetValue(RouterId), nodeName),
            parse.GetValue(NextHopV4),
            parse.GetValue(NextHopV6),
            parse.GetValue(LocalAddress),
            parse.GetValue(Passive),
            TimeSpan.FromMilliseconds(parse.GetValue(ConnectRetryMin)),
            ConnectRetryMax,
            parse.GetValue(BfdPort),
            parse.GetValue(VipInterface),
            parse.GetValue(ListenPort),
            parse.GetValue(SecretDir),
            parse.GetValue(SendHoldTime) is { } sendHold ? TimeSpan.FromSeconds(sendHold) : null,
            parse.GetValue(FloorProbe) is { } probe and not "off" ? IPAddress.Parse(probe) : null,
            parse.GetValue(FleetStatus) ?? [],
            parse.GetValue(GracefulRestartTime));
    }

    /// <summary>How long to wait after withdrawing on SIGTERM.</summary>
    public TimeSpan ReadWithdrawDelay(ParseResult parse) => TimeSpan.FromSeconds(parse.GetValue(WithdrawDelay));

    // Linux interface names (IFNAMSIZ): at most 15 bytes. The name reaches `ip` as one argument; a leading '-' would read as an option.
    private static bool IsInterfaceName(string name) =>
        name.Length is >= 1 and <= 15 && name[0] != '-' && name is not ("." or "..") && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-');
}
