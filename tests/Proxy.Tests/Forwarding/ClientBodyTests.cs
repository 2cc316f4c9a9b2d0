using System.Net;
using System.Net.Sockets;
using System.Text;
using GitGateway.Fixtures;
using GitGateway.Plan.Model;
using GitGateway.Proxy.Tests.Support;
using static GitGateway.Proxy.Tests.Support.Plans;

namespace GitGateway.Proxy.Tests.Forwarding;

/// <summary>
/// A client body that breaks its framing is the client's error on every upstream path: the node's own HTTP/1.1
/// client, h2c and TLS (HttpClient). The route retries connection failures, so a body failure taken for a lost
/// backend would be sent again; the backend reads the whole body before it answers, so it cannot answer first.
/// </summary>
public sealed class ClientBodyTests
{
    private const string Sni = "abc.example.com";

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    // A chunk size that is not hex (Kestrel's BadHttpRequestException) and one that overflows (a bare IOException),
    // each after a good chunk that has already gone to the backend.
    [Theory]
    [InlineData("h1", "zz")]
    [InlineData("h1", "fffffffffffffffffff")]
    [InlineData("h2c", "zz")]
    [InlineData("h2c", "fffffffffffffffffff")]
    [InlineData("tls", "zz")]
    [InlineData("tls", "fffffffffffffffffff")]
    public async Task Forward_BrokenChunkedBody_400ClientBodyNotRetriedPoolStillServes(string upstream, string badChunkSize)
    {
        using var ca = new BackendCa();
        using var leaf = upstream == "tls" ? ca.Leaf(Sni) : null;
        await using var backend = await EchoBackend.StartAsync("v1", http2Only: upstream == "h2c", certificate: leaf);
        var output = new StringWriter();
        var log = TextWriter.Synchronized(output);
        await using var proxy = await ProxyHost.StartAsync(ProxyHost.Backends(backend), [80], ca.Directory, output: log);
        await proxy.ApplyAsync(Of(Http(80, Host("*", Route(upstream)))));

        var status = await SendBrokenBodyAsync(proxy.LocalPort(80), backend, badChunkSize);
        var line = await AccessLogLines.FindAsync(output, log, "\"error\":\"client-body\"");

        using var client = proxy.Client(80);
        using var good = new HttpRequestMessage(HttpMethod.Post, "/drain?good") { Headers = { Host = "app.example.com" }, Content = new StringContent("hello world") };
        using var response = await client.SendAsync(good, Token);

        Assert.Equal(400, status);
        Assert.Contains("\"status\":400", line, StringComparison.Ordinal);
        var bad = Assert.Single(backend.Seen, s => s.Target == "/drain?bad"); // sent once, never retried
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("11", await response.Content.ReadAsStringAsync(Token));
        if (upstream == "h2c")
        {
            // Only the stream was reset: the next request rides the same multiplexed connection.
            Assert.Equal(bad.RemotePort, Assert.Single(backend.Seen, s => s.Target == "/drain?good").RemotePort);
        }
    }

    /// <summary>
    /// Sends a good chunk, waits (bounded) until the backend has the request, so that each try the node makes is
    /// seen there, then the bad chunk size; the status the node answers (0 if none).
    /// </summary>
    private static async Task<int> SendBrokenBodyAsync(int port, EchoBackend backend, string badChunkSize)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, port, Token);
        var stream = tcp.GetStream();
        await stream.WriteAsync("POST /drain?bad HTTP/1.1\r\nHost: app.example.com\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n"u8.ToArray(), Token);
        await Eventually.HoldsAsync(() => backend.Seen.Any(s => s.Target == "/drain?bad"), "the backend has the request", 15_000);

        await stream.WriteAsync(Encoding.ASCII.GetBytes(badChunkSize + "\r\nworld\r\n"), Token);
        using var answer = new MemoryStream();
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(Token);
        bound.CancelAfter(TimeSpan.FromSeconds(20));
        await stream.CopyToAsync(answer, bound.Token);
        var text = Encoding.Latin1.GetString(answer.ToArray());
        return text.Length >= 12 && int.TryParse(text.AsSpan(9, 3), out var code) ? code : 0;
    }

    private static RouteEntry Route(string upstream)
    {
        var backend = upstream switch
        {
            "h2c" => Service("v1", appProtocol: "kubernetes.io/h2c"),
            "tls" => Service("v1") with { Tls = new UpstreamTls(new ObjectRef("BackendTLSPolicy", "infra", "p"), Sni, [new CertificateRef("ConfigMap", "infra", "ca")], false, default, null) },
            _ => Service("v1"),
        };

        return Entry("r", Prefix("/"), backend) with { Retry = new RetryPolicy(2, [503], true, 0, null) };
    }
}
