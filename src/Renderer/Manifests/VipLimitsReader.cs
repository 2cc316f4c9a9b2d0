using GitGateway.Plan.Model;

namespace GitGateway.Renderer.Manifests;

/// <summary>
/// The router-protection fields of a ProxyVIP's <c>bgpConfig</c>, in one place so a schema can take them over:
/// <c>peers[].maxPrefixes</c> (1–100000, default <see cref="BgpPeer.DefaultMaxPrefixes"/>) and
/// <c>pace: {prefixesPerSecond, burst}</c> (each 1–10000, default <see cref="UpdatePace.Default"/>).
/// </summary>
internal static class VipLimitsReader
{
    /// <summary>The cap of prefixes sent to one peer.</summary>
    public static int MaxPrefixes(YamlMapping peer, FieldReader f) =>
        (int)(f.IntInRange(peer, "maxPrefixes", 1, 100_000) ?? BgpPeer.DefaultMaxPrefixes);

    /// <summary>The pace of prefix changes.</summary>
    public static UpdatePace Pace(YamlMapping bgpConfig, FieldReader f)
    {
        var map = f.Map(bgpConfig, "pace");
        return new UpdatePace(
            (int)(f.IntInRange(map, "prefixesPerSecond", 1, 10_000) ?? UpdatePace.Default.PrefixesPerSecond),
            (int)(f.IntInRange(map, "burst", 1, 10_000) ?? UpdatePace.Default.Burst));
    }
}
