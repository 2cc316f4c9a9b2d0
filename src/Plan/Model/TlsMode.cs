namespace GitGateway.Plan.Model;

/// <summary>Gateway API listener TLS modes.</summary>
public enum TlsMode
{
    /// <summary>The proxy terminates TLS with the listener's certificates.</summary>
    Terminate,

    /// <summary>The proxy routes on SNI and splices bytes to the backend, which terminates TLS.</summary>
    Passthrough,
}
