namespace GitGateway.Fixtures.Echo;

/// <summary>
/// The ports an echo backend listens on. Upstream uses 3000 (HTTP, or gRPC, or TCP), 3001 (h2c) and 8443
/// (HTTPS, or TLS for TCP); here each role has its own port so one instance can play every role.
/// </summary>
/// <param name="Http">HTTP/1.1 JSON echo, WebSocket, retry simulator.</param>
/// <param name="H2c">HTTP/2 with prior knowledge: JSON echo and the gRPC echo service.</param>
/// <param name="Https">HTTP/1.1 and HTTP/2 over TLS (ALPN), when a certificate was given.</param>
/// <param name="Tcp">The TCP line protocol in plain text (0 when disabled).</param>
/// <param name="TcpTls">The TCP line protocol over TLS, when a certificate was given.</param>
/// <param name="Udp">The UDP echo (0 when disabled).</param>
public sealed record EchoPorts(int Http, int H2c, int? Https, int Tcp, int? TcpTls, int Udp);
