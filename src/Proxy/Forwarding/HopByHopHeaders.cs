using System.Collections.Frozen;

namespace GitGateway.Proxy.Forwarding;

/// <summary>
/// Connection-specific headers a proxy must not forward (RFC 9110 §7.6.1), plus the ones the proxy sets itself.
/// </summary>
internal static class HopByHopHeaders
{
    private static readonly FrozenSet<string> Names = FrozenSet.Create(
        StringComparer.OrdinalIgnoreCase,
        "Connection",
        "Keep-Alive",
        "Proxy-Connection",
        "Proxy-Authenticate",
        "Proxy-Authorization",
        "TE",
        "Trailer",
        "Transfer-Encoding",
        "Upgrade",
        "Host",
        "Expect",
        "Http2-Settings");

    public static bool Contains(string name) => Names.Contains(name) || (name.Length > 0 && name[0] == ':');
}
