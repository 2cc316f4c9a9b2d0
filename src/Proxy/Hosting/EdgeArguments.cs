using System.Globalization;
using System.Net;
using GitGateway.Proxy.Forwarding;
using GitGateway.Proxy.Routing;

namespace GitGateway.Proxy.Hosting;

/// <summary>Reads the node's edge options (<see cref="EdgePolicy"/>) from its command line; every one has a default.</summary>
internal static class EdgeArguments
{
    public static readonly string[] Names = ["escaped-slashes", "headers-with-underscores", "trusted-proxies", "trusted-hops", "proxy-protocol"];

    /// <summary>The policy, or null with an error.</summary>
    public static EdgePolicy? Build(IReadOnlyDictionary<string, string> values, out string? error)
    {
        error = null;
        var slashes = values.GetValueOrDefault("escaped-slashes", "reject") switch
        {
            "reject" => EscapedSlashAction.Reject,
            "keep" => EscapedSlashAction.Keep,
            _ => (EscapedSlashAction?)null,
        };
        var underscores = values.GetValueOrDefault("headers-with-underscores", "drop") switch
        {
            "drop" => UnderscoreHeaderAction.Drop,
            "reject" => UnderscoreHeaderAction.Reject,
            "allow" => UnderscoreHeaderAction.Allow,
            _ => (UnderscoreHeaderAction?)null,
        };
        if (slashes is null || underscores is null)
        {
            error = slashes is null ? "--escaped-slashes is reject or keep" : "--headers-with-underscores is drop, reject or allow";
            return null;
        }

        var proxies = new List<IPNetwork>();
        foreach (var cidr in values.GetValueOrDefault("trusted-proxies", "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!IPNetwork.TryParse(cidr.Contains('/', StringComparison.Ordinal) ? cidr : cidr + (cidr.Contains(':', StringComparison.Ordinal) ? "/128" : "/32"), out var network))
            {
                error = $"--trusted-proxies entry '{cidr}' is not an address or CIDR";
                return null;
            }

            proxies.Add(network);
        }

        if (!int.TryParse(values.GetValueOrDefault("trusted-hops", "1"), NumberStyles.None, CultureInfo.InvariantCulture, out var hops) || hops is < 1 or > 32)
        {
            error = "--trusted-hops is a number from 1 to 32";
            return null;
        }

        var proxyProtocol = values.GetValueOrDefault("proxy-protocol", "off");
        if (proxyProtocol is not ("on" or "off"))
        {
            error = "--proxy-protocol is on or off";
            return null;
        }

        if (proxyProtocol == "on" && proxies.Count == 0)
        {
            error = "--proxy-protocol on needs --trusted-proxies (the peers whose header is read)";
            return null;
        }

        return new EdgePolicy(slashes.Value, underscores.Value, proxies, hops, proxyProtocol == "on");
    }
}
