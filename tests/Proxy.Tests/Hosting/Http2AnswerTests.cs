using System.Net;
using GitGateway.Plan.Model;
using GitGateway.Proxy.Hosting;
using GitGateway.Proxy.Tests.Support;
using static GitGateway.Proxy.Tests.Support.Plans;
using static GitGateway.Proxy.Tests.Support.RawHttp2Connection;

namespace GitGateway.Proxy.Tests.Hosting;

/// <summary>
/// How the node answers HTTP/2 streams on a cleartext port and on a TLS port (h2 by ALPN), where a connection's sends
/// are gathered (<see cref="Http2SendCoalescer"/>) and a body in hand is written without a flush of its own: every
/// stream of a burst still gets its whole answer, a small body ends its stream on its own DATA frame (no empty frame
/// after it), and bodies far larger than the gathering pipe's pause threshold arrive whole on concurrent streams.
/// </summary>
public sealed class Http2AnswerTests : IDisposable
{
    private const int Streams = 40;
    private const string SmallAnswer = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Type: text/plain\r\n\r\nok";
    private const string ServerName = "h2.example.com";

    private readonly string _certDir = Path.Combine(Path.GetTempPath(), "gg-certs-" + Guid.NewGuid().ToString("N"));

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public void Dispose()
    {
        if (Directory.Exists(_certDir))
        {
            Directory.Delete(_certDir, recursive: true);
        }
    }

    [Fact]
    public async Task StreamsOneByOne_SmallBodies_EachEndsOnItsOneDataFrame()
    {
        await using var raw = new RawHttpBackend(_ => new RawAnswer(SmallAnswer), TimeSpan.FromSeconds(30));
        await using var proxy = await StartAsync(raw);
        using var connection = await OpenAsync(proxy.LocalPort(80), Token);
        for (var i = 0; i < Streams; i++)
        {
            await connection.Stream.WriteAsync(Frame(Headers, EndStream | EndHeaders, (2 * i) + 1, GetBlock("a.test")), Token);
            AssertSmallAnswers(await ReadStreamsAsync(connection, 1), [(2 * i) + 1]);
        }
    }

    [Fact]
    public async Task BurstOfStreams_SmallBodies_EachEndsOnItsOneDataFrame()
    {
        await using var raw = new RawHttpBackend(_ => new RawAnswer(SmallAnswer), TimeSpan.FromSeconds(30));
        await using var proxy = await StartAsync(raw);
        using var connection = await OpenAsync(proxy.LocalPort(80), Token);
        await SendBurstAsync(connection, GetBlock("a.test"));
    }

    [Fact]
    public async Task ConcurrentStreams_BodiesBeyondThePauseThreshold_ArriveWhole()
    {
        var body = new string('x', (3 * Http2SendCoalescer.PauseBytes) + 17);
        await using var raw = new RawHttpBackend(_ => new RawAnswer($"HTTP/1.1 200 OK\r\nContent-Length: {body.Length}\r\n\r\n{body}"), TimeSpan.FromSeconds(30));
        await using var proxy = await StartAsync(raw);
        using var client = proxy.Client(80, HttpVersion.Version20);

        await AssertWholeAnswersAsync(client, body);
    }

    [Fact]
    public async Task BurstOfStreamsOverTls_SmallBodies_EachEndsOnItsOneDataFrame()
    {
        await using var raw = new RawHttpBackend(_ => new RawAnswer(SmallAnswer), TimeSpan.FromSeconds(30));
        await using var proxy = await StartTlsAsync(raw);
        using var connection = await OpenTlsAsync(proxy.LocalPort(443), ServerName, Token);
        await SendBurstAsync(connection, GetBlock(ServerName, https: true));
    }

    [Fact]
    public async Task ConcurrentStreamsOverTls_BodiesBeyondThePauseThreshold_ArriveWhole()
    {
        var body = new string('y', (3 * Http2SendCoalescer.PauseBytes) + 29);
        await using var raw = new RawHttpBackend(_ => new RawAnswer($"HTTP/1.1 200 OK\r\nContent-Length: {body.Length}\r\n\r\n{body}"), TimeSpan.FromSeconds(30));
        await using var proxy = await StartTlsAsync(raw);
        using var handler = new SocketsHttpHandler { UseProxy = false, SslOptions = { RemoteCertificateValidationCallback = static (_, _, _, _) => true } };
        using var client = new HttpClient(handler)
        {
            BaseAddress = new Uri($"https://127.0.0.1:{proxy.LocalPort(443)}"), // no SNI: the listener's one certificate
            DefaultRequestVersion = HttpVersion.Version20,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Timeout = TimeSpan.FromSeconds(20),
        };
        await AssertWholeAnswersAsync(client, body);
    }

    /// <summary>Opens <see cref="Streams"/> streams in one write (read, and answered, together); each gets its small answer.</summary>
    private static async Task SendBurstAsync(RawHttp2Connection connection, byte[] block)
    {
        var burst = new List<byte>();
        for (var i = 0; i < Streams; i++)
        {
            burst.AddRange(Frame(Headers, EndStream | EndHeaders, (2 * i) + 1, block));
        }

        await connection.Stream.WriteAsync(burst.ToArray(), Token);

        AssertSmallAnswers(await ReadStreamsAsync(connection, Streams), [.. Enumerable.Range(0, Streams).Select(i => (2 * i) + 1)]);
    }

    /// <summary>Eight concurrent HTTP/2 requests each get 200 and the whole body.</summary>
    private static async Task AssertWholeAnswersAsync(HttpClient client, string body)
    {
        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            using var response = await client.GetAsync("/", Token);
            return (response.Version, response.StatusCode, Body: await response.Content.ReadAsStringAsync(Token));
        }));

        Assert.All(answers, a => Assert.Equal((HttpVersion.Version20, HttpStatusCode.OK, body.Length), (a.Version, a.StatusCode, a.Body.Length)));
        Assert.All(answers, a => Assert.Equal(body, a.Body));
    }

    private static async Task<ProxyHost> StartAsync(RawHttpBackend raw)
    {
        var proxy = await ProxyHost.StartAsync(new Dictionary<string, string[]> { ["infra/raw:8080"] = [raw.Authority] }, [80]);
        await proxy.ApplyAsync(Of(Http(80, Host("*", Entry("raw", Prefix("/"), Service("raw"))))));
        return proxy;
    }

    private async Task<ProxyHost> StartTlsAsync(RawHttpBackend raw)
    {
        using (var ca = TestCertificates.CreateCa("h2-ca"))
        using (var leaf = TestCertificates.CreateLeaf(ca, "h2", ServerName))
        {
            TestCertificates.WriteSecret(_certDir, "infra", "h2", leaf);
        }

        var proxy = await ProxyHost.StartAsync(new Dictionary<string, string[]> { ["infra/raw:8080"] = [raw.Authority] }, [443], _certDir);
        var tls = new ListenerTls(TlsMode.Terminate, [new CertificateRef("Secret", "infra", "h2")], null);
        await proxy.ApplyAsync(Of(Listener("https", 443, ListenerProtocol.HTTPS, null, tls, [Host("*", Entry("raw", Prefix("/"), Service("raw")))])));
        return proxy;
    }

    /// <summary>Every frame of every stream, in order, until <paramref name="streams"/> streams have ended (bounded in time).</summary>
    private static async Task<Dictionary<int, List<(byte Type, byte Flags, byte[] Payload)>>> ReadStreamsAsync(RawHttp2Connection connection, int streams)
    {
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(Token);
        bound.CancelAfter(TimeSpan.FromSeconds(30));
        var frames = new Dictionary<int, List<(byte Type, byte Flags, byte[] Payload)>>();
        var ended = 0;
        while (ended < streams && await connection.ReadFrameAsync(bound.Token) is { } frame)
        {
            if (frame.Stream == 0)
            {
                continue; // SETTINGS, its ACK, WINDOW_UPDATE
            }

            if (!frames.TryGetValue(frame.Stream, out var list))
            {
                frames[frame.Stream] = list = [];
            }

            list.Add((frame.Type, frame.Flags, frame.Payload));
            ended += (frame.Flags & EndStream) != 0 && frame.Type is Data or Headers ? 1 : 0;
        }

        Assert.Equal(streams, ended);
        return frames;
    }

    /// <summary>Each stream: HEADERS (200, not ending the stream), then one DATA frame with the body that ends it.</summary>
    private static void AssertSmallAnswers(Dictionary<int, List<(byte Type, byte Flags, byte[] Payload)>> frames, int[] streams)
    {
        foreach (var id in streams)
        {
            var stream = frames[id];
            Assert.Equal(2, stream.Count);
            Assert.Equal((Headers, (byte)EndHeaders), (stream[0].Type, stream[0].Flags));
            Assert.Equal(0x88, stream[0].Payload[0]); // :status 200, static table index 8
            Assert.Equal((Data, (byte)EndStream), (stream[1].Type, stream[1].Flags));
            Assert.Equal("ok"u8.ToArray(), stream[1].Payload);
        }
    }
}
