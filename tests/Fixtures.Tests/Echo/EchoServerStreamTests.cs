using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using GitGateway.Fixtures.Echo;

namespace GitGateway.Fixtures.Tests.Echo;

public sealed class EchoServerStreamTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Task<EchoServer> StartAsync() => EchoServer.StartAsync(
        new EchoOptions
        {
            Pod = "tcp-backend-abc-def",
            Namespace = "gateway-conformance-infra",
            Certificate = SelfSignedCertificate.Create("abc.example.com"),
        },
        Ct);

    [Fact]
    public async Task Grpc_EchoOverH2c_ReturnsMethodAndIdentity()
    {
        await using var echo = await StartAsync();
        using var client = new HttpClient();
        var result = await GrpcEchoClient.CallAsync(client, new Uri($"http://127.0.0.1:{echo.Ports.H2c}"), "EchoTwo", "grpc.example.com", [new("x-meta", "1")], Ct);

        Assert.Equal("OK", result.StatusName);
        Assert.Equal("/gateway_api_conformance.echo_basic.grpcecho.GrpcEcho/EchoTwo", result.Response!.Assertions.FullyQualifiedMethod);
        Assert.Equal("tcp-backend-abc-def", result.Response.Assertions.Context.Pod);
        Assert.Equal("grpc.example.com", result.Response.Assertions.Authority);
        Assert.Contains(result.Response.Assertions.Headers, h => h.Key == "x-meta" && h.Value == "1");
    }

    [Fact]
    public async Task Grpc_EchoThree_IsUnimplemented()
    {
        await using var echo = await StartAsync();
        using var client = new HttpClient();
        var result = await GrpcEchoClient.CallAsync(client, new Uri($"http://127.0.0.1:{echo.Ports.H2c}"), "EchoThree", null, [], Ct);
        Assert.Equal("UNIMPLEMENTED", result.StatusName);
    }

    [Fact]
    public async Task Tcp_PlainExchange_ReportsNotTlsAndPod()
    {
        await using var echo = await StartAsync();
        var result = await TcpEchoClient.ExchangeAsync("127.0.0.1", echo.Ports.Tcp, null, Ct);
        Assert.False(result.IsTls);
        Assert.Equal("tcp-backend-abc-def", result.Pod);
        Assert.Equal("gateway-conformance-infra", result.Namespace);
    }

    [Fact]
    public async Task Tcp_TlsExchange_ReportsSniAndAlpn()
    {
        await using var echo = await StartAsync();
        var tls = new SslClientAuthenticationOptions
        {
            TargetHost = "abc.example.com",
            ApplicationProtocols = [SslApplicationProtocol.Http2],
            RemoteCertificateValidationCallback = (_, _, _, _) => true,
        };
        var result = await TcpEchoClient.ExchangeAsync("127.0.0.1", echo.Ports.TcpTls!.Value, tls, Ct);
        Assert.True(result.IsTls);
        Assert.Equal("abc.example.com", result.ServerName);
        Assert.Equal("h2", result.NegotiatedProtocol);
    }

    [Fact]
    public async Task Udp_Datagram_IsEchoedToSender()
    {
        await using var echo = await StartAsync();
        using var client = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        await client.SendAsync(new byte[] { 9, 8, 7 }, new IPEndPoint(IPAddress.Loopback, echo.Ports.Udp), Ct);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(5));
        var reply = await client.ReceiveAsync(timeout.Token);
        Assert.Equal(new byte[] { 9, 8, 7 }, reply.Buffer);
    }
}
