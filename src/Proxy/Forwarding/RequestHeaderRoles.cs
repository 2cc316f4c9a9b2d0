using System.Collections.Frozen;

namespace GitGateway.Proxy.Forwarding;

/// <summary>One lookup per request header for both upstream writers: hop-by-hop, forwarded or end to end.</summary>
internal static class RequestHeaderRoles
{
    private static readonly FrozenDictionary<string, HeaderRole> Roles = new Dictionary<string, HeaderRole>(StringComparer.OrdinalIgnoreCase)
    {
        ["Connection"] = HeaderRole.HopByHop,
        ["Keep-Alive"] = HeaderRole.HopByHop,
        ["Proxy-Connection"] = HeaderRole.HopByHop,
        ["Proxy-Authenticate"] = HeaderRole.HopByHop,
        ["Proxy-Authorization"] = HeaderRole.HopByHop,
        ["TE"] = HeaderRole.HopByHop,
        ["Trailer"] = HeaderRole.HopByHop,
        ["Transfer-Encoding"] = HeaderRole.HopByHop,
        ["Upgrade"] = HeaderRole.HopByHop,
        ["Host"] = HeaderRole.HopByHop,
        ["Expect"] = HeaderRole.HopByHop,
        ["Http2-Settings"] = HeaderRole.HopByHop,
        ["X-Forwarded-For"] = HeaderRole.XForwarded,
        ["X-Forwarded-Proto"] = HeaderRole.XForwarded,
        ["X-Forwarded-Host"] = HeaderRole.XForwarded,
        ["X-Forwarded-Port"] = HeaderRole.XForwarded,
        ["Forwarded"] = HeaderRole.ClientClaim,
        ["X-Real-IP"] = HeaderRole.ClientClaim,
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    public static HeaderRole Of(string name) =>
        Roles.TryGetValue(name, out var role) ? role : name.Length > 0 && name[0] == ':' ? HeaderRole.HopByHop : HeaderRole.EndToEnd;
}
