namespace GitGateway.Plan.Model;

/// <summary>Listener protocols (Gateway API <c>ProtocolType</c> values that we serve).</summary>
public enum ListenerProtocol
{
    /// <summary>Cleartext HTTP/1.1 and HTTP/2 prior knowledge (h2c).</summary>
    HTTP,

    /// <summary>TLS-terminated HTTP/1.1 and HTTP/2.</summary>
    HTTPS,

    /// <summary>TLS: passthrough (SNI routing, no termination) or terminate then TCP.</summary>
    TLS,

    /// <summary>Plain TCP.</summary>
    TCP,

    /// <summary>UDP datagrams.</summary>
    UDP,
}
