namespace GitGateway.Conformance.Tests.Setup;

/// <summary>Which server the echo image runs, chosen upstream by environment variables of the Deployment.</summary>
internal enum EchoMode
{
    /// <summary>HTTP on 3000, h2c on 3001, HTTPS on 8443.</summary>
    Http,

    /// <summary><c>GRPC_ECHO_SERVER=1</c>: gRPC over h2c on 3000.</summary>
    Grpc,

    /// <summary><c>TCP_ECHO_SERVER=1</c>: the line protocol on 3000, over TLS on 8443.</summary>
    Tcp,

    /// <summary><c>UDP_ECHO_SERVER=1</c>: every datagram to the container port comes back unchanged.</summary>
    Udp,
}
