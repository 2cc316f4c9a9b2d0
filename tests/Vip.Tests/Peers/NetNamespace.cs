using System.Globalization;
using GitGateway.Fixtures;

namespace GitGateway.Vip.Tests.Peers;

/// <summary>
/// A network namespace <c>gg-&lt;random&gt;</c> joined to the test's own namespace (or another one) by a veth pair
/// with a /30 from 198.18.0.0/15 (RFC 2544 benchmarking space); deleted with its links on dispose.
/// </summary>
internal sealed class NetNamespace : IDisposable
{
    private readonly List<string> _rootLinks = [];

    private NetNamespace(string name) => Name = name;

    public string Name { get; }

    public static async Task<NetNamespace> CreateAsync(CancellationToken cancellationToken)
    {
        Peer.RequireRoot("create network namespaces");
        var ns = new NetNamespace("gg-" + Convert.ToHexStringLower(Guid.NewGuid().ToByteArray().AsSpan(0, 4)));
        await Command.CheckAsync("ip", ["netns", "add", ns.Name], cancellationToken);
        await Command.CheckAsync("ip", ["-n", ns.Name, "link", "set", "lo", "up"], cancellationToken);
        return ns;
    }

    /// <summary>A fresh /30 as (base text "198.18.x.y", first host, second host).</summary>
    public static (string First, string Second) NewSubnet()
    {
        var n = Random.Shared.Next(0, 1 << 15);
        var b = n * 4;
        string Host(int h) => string.Create(CultureInfo.InvariantCulture, $"198.{18 + ((b + h) >> 16)}.{((b + h) >> 8) & 255}.{(b + h) & 255}");
        return (Host(1), Host(2));
    }

    /// <summary>
    /// Links this namespace to <paramref name="other"/> (null: the test's own namespace) with a veth pair:
    /// <paramref name="otherAddress"/> on the other end, <paramref name="address"/> here. Returns the other end's name.
    /// </summary>
    public async Task<string> LinkAsync(NetNamespace? other, string otherAddress, string address, CancellationToken cancellationToken, string? ipv6Prefix = null)
    {
        var id = Convert.ToHexStringLower(Guid.NewGuid().ToByteArray().AsSpan(0, 3));
        string near = "ggv" + id + "a", far = "ggv" + id + "b";
        await Command.CheckAsync("ip", ["link", "add", near, "type", "veth", "peer", "name", far], cancellationToken);
        if (other is null)
        {
            _rootLinks.Add(near);
        }
        else
        {
            await Command.CheckAsync("ip", ["link", "set", near, "netns", other.Name], cancellationToken);
        }

        await Command.CheckAsync("ip", ["link", "set", far, "netns", Name], cancellationToken);
        string[] otherNs = other is null ? [] : ["-n", other.Name];
        await Command.CheckAsync("ip", [.. otherNs, "addr", "add", otherAddress + "/30", "dev", near], cancellationToken);
        await Command.CheckAsync("ip", [.. otherNs, "link", "set", near, "up"], cancellationToken);
        await Command.CheckAsync("ip", ["-n", Name, "addr", "add", address + "/30", "dev", far], cancellationToken);
        if (ipv6Prefix is not null)
        {
            // nodad: the addresses are usable at once instead of after duplicate address detection.
            await Command.CheckAsync("ip", [.. otherNs, "addr", "add", ipv6Prefix + "::1/64", "dev", near, "nodad"], cancellationToken);
            await Command.CheckAsync("ip", ["-n", Name, "addr", "add", ipv6Prefix + "::2/64", "dev", far, "nodad"], cancellationToken);
        }

        await Command.CheckAsync("ip", ["-n", Name, "link", "set", far, "up"], cancellationToken);
        return near;
    }

    public void Dispose()
    {
        foreach (var link in _rootLinks)
        {
            Command.RunAsync("ip", ["link", "del", link], CancellationToken.None).GetAwaiter().GetResult();
        }

        // Deleting the namespace deletes the veth ends inside it, and with them their peers.
        Command.RunAsync("ip", ["netns", "del", Name], CancellationToken.None).GetAwaiter().GetResult();
    }
}
