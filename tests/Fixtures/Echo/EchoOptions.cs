using System.Security.Cryptography.X509Certificates;

namespace GitGateway.Fixtures.Echo;

/// <summary>
/// Who an echo backend says it is and what it serves. Mirrors the environment of the conformance
/// echo image (<c>POD_NAME</c>, <c>NAMESPACE</c>, <c>TLS_SERVER_CERT</c>).
/// </summary>
public sealed record EchoOptions
{
    /// <summary>The pod name reported in every answer (<c>&lt;deployment&gt;-&lt;x&gt;-&lt;y&gt;</c>).</summary>
    public required string Pod { get; init; }

    /// <summary>The namespace reported in every answer.</summary>
    public required string Namespace { get; init; }

    /// <summary>The server certificate (with private key); without it no HTTPS and no TLS line port is opened.</summary>
    public X509Certificate2? Certificate { get; init; }

    /// <summary>The address every port binds to.</summary>
    public string BindAddress { get; init; } = "127.0.0.1";

    /// <summary>Fixed ports (0 = any free port).</summary>
    public EchoPorts RequestedPorts { get; init; } = new(0, 0, null, 0, null, 0);

    /// <summary>Open the TCP line-protocol ports.</summary>
    public bool Tcp { get; init; } = true;

    /// <summary>Open the UDP echo port.</summary>
    public bool Udp { get; init; } = true;

    /// <summary>Write every echo line to standard output, as the upstream image does.</summary>
    public bool LogToConsole { get; init; }
}
