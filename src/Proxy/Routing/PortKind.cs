namespace GitGateway.Proxy.Routing;

/// <summary>How a local port is served; a change of kind rebinds the port, anything else does not.</summary>
internal enum PortKind
{
    /// <summary>Cleartext HTTP/1.1 and h2c prior knowledge.</summary>
    Http,

    /// <summary>TLS: HTTPS termination, TLS passthrough and TLS-terminated TCP, chosen per connection by SNI.</summary>
    Tls,

    /// <summary>Plain TCP splicing.</summary>
    Tcp,

    /// <summary>UDP datagram relay.</summary>
    Udp,
}
