using System.CommandLine;
using System.CommandLine.Parsing;
using System.Net;
using GitGateway.Proxy.Forwarding;
using GitGateway.Proxy.Routing;
using GitGateway.Vip.CommandLine;

namespace GitGateway.Proxy.Hosting;

/// <summary>The node's edge options (<see cref="EdgePolicy"/>, README "Edge defaults"); every one has a default.</summary>
internal sealed class EdgeArguments
{
    public Option<string> EscapedSlashes { get; } = NodeOption.Choice(
        "--escaped-slashes", "A path with %2F or %5C: answered 400 (reject) or kept encoded, never a separator (keep).", "reject", "reject", "keep");

    public Option<string> HeadersWithUnderscores { get; } = NodeOption.Choice(
        "--headers-with-underscores", "Request headers named with '_': dropped, answered 400 (reject), or forwarded (allow).", "drop", "drop", "reject", "allow");

    public Option<IPNetwork[]?> TrustedProxies { get; } = NodeOption.Value(
        "--trusted-proxies",
        "LIST",
        "CIDRs of load balancers whose X-Forwarded-* are kept and appended to (default none: the node is the edge and sets them from the connection).",
        ParseNetworks,
        "a list of addresses or CIDRs");

    public Option<int> TrustedHops { get; } = NodeOption.Int("--trusted-hops", "N", "X-Forwarded-For entries kept from a trusted proxy, from the right.", 1, 32, 1);

    public Option<string> ProxyProtocol { get; } = NodeOption.Choice(
        "--proxy-protocol",
        "Read a PROXY protocol v1/v2 header from the trusted proxies, which must send one; others are served directly and closed if they send one.",
        "off",
        "on",
        "off");

    public IReadOnlyList<Option> All => [EscapedSlashes, HeadersWithUnderscores, TrustedProxies, TrustedHops, ProxyProtocol];

    /// <summary>The rule between options: a PROXY protocol header is read only from the peers trusted to send one.</summary>
    public void Validate(CommandResult result)
    {
        var on = result.GetResult(ProxyProtocol) is { Implicit: false, Tokens: [.., var mode] } && string.Equals(mode.Value, "on", StringComparison.OrdinalIgnoreCase);
        var trusted = result.GetResult(TrustedProxies) is { Implicit: false, Tokens: [.., var list] }
            && list.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Length > 0;
        if (on && !trusted)
        {
            result.AddError("--proxy-protocol on needs --trusted-proxies (the peers whose header is read)");
        }
    }

    public EdgePolicy Read(ParseResult parse) => new(
        Enum.Parse<EscapedSlashAction>(parse.GetRequiredValue(EscapedSlashes), ignoreCase: true),
        Enum.Parse<UnderscoreHeaderAction>(parse.GetRequiredValue(HeadersWithUnderscores), ignoreCase: true),
        parse.GetValue(TrustedProxies) ?? [],
        parse.GetValue(TrustedHops),
        parse.GetValue(ProxyProtocol) == "on");

    // An address alone is a host: /32 or /128.
    private static (bool, IPNetwork[]?) ParseNetworks(string text)
    {
        var networks = new List<IPNetwork>();
        foreach (var cidr in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!IPNetwork.TryParse(cidr.Contains('/', StringComparison.Ordinal) ? cidr : cidr + (cidr.Contains(':', StringComparison.Ordinal) ? "/128" : "/32"), out var network))
            {
                return (false, null);
            }

            networks.Add(network);
        }

        return (true, [.. networks]);
    }
}
