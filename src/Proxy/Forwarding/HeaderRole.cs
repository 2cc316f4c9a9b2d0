namespace GitGateway.Proxy.Forwarding;

/// <summary>What a request header is to the node when it writes the request to a backend.</summary>
internal enum HeaderRole : byte
{
    /// <summary>End to end: forwarded.</summary>
    EndToEnd,

    /// <summary>Connection-specific (RFC 9110 §7.6.1) or set by the node itself: never copied.</summary>
    HopByHop,

    /// <summary>X-Forwarded-For, -Proto, -Host and -Port: written by the node (kept from trusted peers only).</summary>
    XForwarded,

    /// <summary>Forwarded (RFC 7239) and X-Real-IP: copied from trusted peers only.</summary>
    ClientClaim,
}
