using System.Net;
using System.Net.Security;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using GitGateway.Fixtures.Echo;

namespace GitGateway.Fixtures.Tests.Echo;

public sealed class EchoServerHttpTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Task<EchoServer> StartAsync(bool tls = false) => EchoServer.StartAsync(
        new EchoOptions
        {
            Pod = "infra-backend-v1-abc-def",
            Namespace = "gateway-conformance-infra",
            Certificate = tls ? SelfSignedCertificate.Create("abc.example.com") : null,
            Tcp = false,
            Udp = false,
        },
        Ct);

    [Fact]
    public async Task Http_RequestWithQueryAndHeaders_EchoesRawUriCanonicalHeadersAndIdentity()
    {
        await using var echo = await StartAsync();
        using var client = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{echo.Ports.Http}/a%2Fb?x=1&x=2");
        request.Headers.TryAddWithoutValidation("x-header-set", "v1");
        request.Headers.TryAddWithoutValidation("X-Echo-Set-Header", "X-Foo:one,X-Foo:two");
        using var response = await client.SendAsync(request, Ct);
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.ToString());
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("one,two", string.Join(",", response.Headers.GetValues("X-Foo")));
        Assert.Equal("/a%2Fb?x=1&x=2", json.GetProperty("path").GetString());
        Assert.Equal("HTTP/1.1", json.GetProperty("proto").GetString());
        Assert.Equal("v1", json.GetProperty("headers").GetProperty("X-Header-Set")[0].GetString());
        Assert.Equal("infra-backend-v1-abc-def", json.GetProperty("pod").GetString());
        Assert.Equal("gateway-conformance-infra", json.GetProperty("namespace").GetString());
        Assert.False(json.TryGetProperty("tls", out _));
        Assert.Equal("/a%2Fb?x=1&x=2", Assert.Single(echo.Events).RequestUri);
    }

    [Fact]
    public async Task Status_PathWithCode_AnswersThatCode()
    {
        await using var echo = await StartAsync();
        using var client = new HttpClient();
        using var response = await client.GetAsync($"http://127.0.0.1:{echo.Ports.Http}/status/418", Ct);
        Assert.Equal((HttpStatusCode)418, response.StatusCode);
    }

    [Fact]
    public async Task Retry_WithResponseCode_FailsFirstAttemptsThenEchoes()
    {
        await using var echo = await StartAsync();
        using var client = new HttpClient();
        var url = $"http://127.0.0.1:{echo.Ports.Http}/retry?uuid=u1&succeedAfter=2&responseCode=503";
        var codes = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            using var response = await client.GetAsync(url, Ct);
            codes.Add(response.StatusCode);
        }

        Assert.Equal([HttpStatusCode.ServiceUnavailable, HttpStatusCode.ServiceUnavailable, HttpStatusCode.OK], codes);
    }

    [Fact]
    public async Task Retry_WithoutResponseCode_ResetsConnection()
    {
        await using var echo = await StartAsync();
        using var client = new HttpClient();
        var url = $"http://127.0.0.1:{echo.Ports.Http}/retry?uuid=u2&succeedAfter=1";
        await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync(url, Ct));
        using var second = await client.GetAsync(url, Ct);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
    }

    [Fact]
    public async Task H2c_PriorKnowledge_EchoesHttp2Proto()
    {
        await using var echo = await StartAsync();
        using var client = new HttpClient { DefaultRequestVersion = HttpVersion.Version20, DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact };
        using var response = await client.GetAsync($"http://127.0.0.1:{echo.Ports.H2c}/h2c", Ct);
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement;
        Assert.Equal("HTTP/2.0", json.GetProperty("proto").GetString());
        Assert.Equal("/h2c", json.GetProperty("path").GetString());
    }

    [Fact]
    public async Task Https_WithSniAndAlpn_ReportsTlsSession()
    {
        await using var echo = await StartAsync(tls: true);
        using var handler = new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions { TargetHost = "abc.example.com", RemoteCertificateValidationCallback = (_, _, _, _) => true },
        };
        using var client = new HttpClient(handler) { DefaultRequestVersion = HttpVersion.Version20 };
        using var request = new HttpRequestMessage(HttpMethod.Get, $"https://127.0.0.1:{echo.Ports.Https}/tls");
        request.Version = HttpVersion.Version20;
        request.Headers.Host = "abc.example.com"; // SocketsHttpHandler takes the SNI from the Host header
        using var response = await client.SendAsync(request, Ct);
        var tls = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("tls");
        Assert.Equal("abc.example.com", tls.GetProperty("serverName").GetString());
        Assert.Equal("h2", tls.GetProperty("negotiatedProtocol").GetString());
        Assert.StartsWith("TLSv1.", tls.GetProperty("version").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WebSocket_TextAndBinaryFrames_AreEchoed()
    {
        await using var echo = await StartAsync();
        using var socket = new ClientWebSocket();
        await socket.ConnectAsync(new Uri($"ws://127.0.0.1:{echo.Ports.Http}/ws"), Ct);
        var buffer = new byte[64];

        await socket.SendAsync(Encoding.UTF8.GetBytes("Websocket Support!"), WebSocketMessageType.Text, true, Ct);
        var text = await socket.ReceiveAsync(buffer, Ct);
        Assert.Equal("Websocket Support!", Encoding.UTF8.GetString(buffer, 0, text.Count));

        await socket.SendAsync(new byte[] { 1, 2, 3, 4, 5, 6, 7 }, WebSocketMessageType.Binary, true, Ct);
        var binary = await socket.ReceiveAsync(buffer, Ct);
        Assert.Equal(WebSocketMessageType.Binary, binary.MessageType);
        Assert.Equal(new byte[] { 1, 2, 3, 4, 5, 6, 7 }, buffer[..binary.Count]);
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, Ct);
    }

    [Fact]
    public async Task Delay_QueryParameter_DelaysPastClientTimeout()
    {
        await using var echo = await StartAsync();
        using var client = new HttpClient { Timeout = TimeSpan.FromMilliseconds(200) };
        var url = $"http://127.0.0.1:{echo.Ports.Http}/slow?delay=2s";
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.GetAsync(url, Ct));
        Assert.Empty(echo.Events);
    }
}
