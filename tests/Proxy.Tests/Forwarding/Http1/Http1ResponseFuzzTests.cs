using System.Buffers;
using System.Net;
using System.Text;
using CsCheck;
using GitGateway.Proxy.Forwarding.Http1;
using GitGateway.Proxy.Tests.Support;
using static GitGateway.Proxy.Tests.Support.Plans;

namespace GitGateway.Proxy.Tests.Forwarding.Http1;

/// <summary>
/// Fuzzing the HTTP/1.1 upstream: the response head parser and chunked decoder over mutated and made-up bytes (in
/// memory, thousands of cases), and the whole forwarder over a real loopback backend sending such bytes (fewer,
/// each a real request). Failures found are kept in <see cref="Regressions"/>.
/// </summary>
public sealed class Http1ResponseFuzzTests
{
    private static readonly byte[][] Seeds = [.. new[]
    {
        "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Type: text/plain\r\n\r\nok",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nTrailer: X-T\r\n\r\n3;ext=1\r\nabc\r\nA\r\n0123456789\r\n0\r\nX-T: 1\r\n\r\n",
        "HTTP/1.0 200 OK\r\nServer: old\r\n\r\nclose-delimited",
        "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 204 No Content\r\nX-A: b\r\n\r\n",
        "HTTP/1.1 304 Not Modified\r\nETag: \"x\"\r\nConnection: close\r\n\r\n",
        "HTTP/1.1 404 Not Found\nContent-Length: 0\n\n",
    }.Select(Encoding.Latin1.GetBytes)];

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    /// <summary>Inputs that once broke an invariant here, kept as cases.</summary>
    public static TheoryData<string> Regressions { get; } = ["HTTP/1.1 200 OK\r\nContent-Length: 99999999999999999999\r\n\r\n"];

    [Fact]
    public void HeadParser_MutatedResponses_NeverThrowsAndStaysInBounds() =>
        Mutations.Of(Seeds).Sample(CheckHead, iter: Mutations.Iterations(20_000));

    [Fact]
    public void ChunkedDecoder_MutatedBodies_NeverThrowsAndStaysInBounds() =>
        Mutations.Of(Seeds).Sample(CheckChunked, iter: Mutations.Iterations(20_000));

    [Theory]
    [MemberData(nameof(Regressions))]
    public void HeadParserAndDecoder_KeptCases_HoldTheInvariants(string input)
    {
        CheckHead(Encoding.Latin1.GetBytes(input));
        CheckChunked(Encoding.Latin1.GetBytes(input));
    }

    [Fact]
    public async Task Forwarder_MutatedResponsesFromARealBackend_AnswersOrFails502AndKeepsServing()
    {
        var next = Array.Empty<byte>();
        await using var raw = new RawHttpBackend(_ => new RawAnswer(Encoding.Latin1.GetString(Volatile.Read(ref next)), Close: true), TimeSpan.FromMilliseconds(50));
        await using var echo = await EchoBackend.StartAsync("v1");
        var backends = new Dictionary<string, string[]> { ["infra/raw:8080"] = [raw.Authority], ["infra/v1:8080"] = [echo.Authority] };
        await using var proxy = await ProxyHost.StartAsync(backends, [80]);
        await proxy.ApplyAsync(Of(Http(80, Host("*", Entry("fuzz", Prefix("/fuzz"), Service("raw")), Entry("ok", Prefix("/"), Service("v1"))))));
        using var client = proxy.Client(80);

        var statuses = new Dictionary<int, int>();
        await Mutations.Of(Seeds).SampleAsync(
            async bytes =>
            {
                Volatile.Write(ref next, bytes);
                var status = await ForwardAsync(client);
                Assert.True(status != 500 || BackendSaid500(bytes), "a 500 the backend did not send: something escaped the forwarder");
                Assert.InRange(status, 100, 599);
                statuses[status] = statuses.GetValueOrDefault(status) + 1;
            },
            iter: Mutations.Iterations(400),
            threads: 1);

        Assert.True(statuses.ContainsKey(502), "no case was malformed enough for a 502");
        Assert.True(statuses.Keys.Any(s => s < 500), "no case was forwarded");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/", Token)).StatusCode);
        Assert.Contains("gitgateway_proxy_active_requests 0\n", proxy.Node.Metrics.Render(), StringComparison.Ordinal);
    }

    // A mutation can make the backend's own status line a 500, which the node forwards as it should.
    private static bool BackendSaid500(byte[] bytes)
    {
        var head = new Http1ResponseHead();
        return Http1HeadParser.Parse(bytes, false, head) == OperationStatus.Done && head.Status == 500;
    }

    /// <summary>The status the client got; a body cut short by the backend is an aborted response, which is allowed.</summary>
    private static async Task<int> ForwardAsync(HttpClient client)
    {
        using var response = await client.GetAsync("/fuzz", HttpCompletionOption.ResponseHeadersRead, Token);
        try
        {
            await response.Content.ReadAsByteArrayAsync(Token);
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            // The backend's framing promised more than it sent: the proxy aborts the client's response too.
        }

        return (int)response.StatusCode;
    }

    private static void CheckHead(byte[] bytes)
    {
        var head = new Http1ResponseHead();
        foreach (var headRequest in (bool[])[false, true])
        {
            var status = Http1HeadParser.Parse(bytes, headRequest, head);
            if (status != OperationStatus.Done)
            {
                Assert.True(status is OperationStatus.NeedMoreData or OperationStatus.InvalidData);
                continue;
            }

            Assert.InRange(head.Length, 1, Math.Min(bytes.Length, Http1HeadParser.MaxHeadBytes));
            Assert.InRange(head.Status, 100, 999);
            Assert.True(head.Framing != Http1BodyFraming.ContentLength || head.ContentLength >= 0);
            foreach (var field in head.Headers)
            {
                Assert.InRange(field.NameLength, 1, head.Length);
                Assert.InRange(field.NameStart + field.NameLength, 0, head.Length);
                Assert.InRange(field.ValueStart, 0, head.Length);
                Assert.InRange(field.ValueStart + field.ValueLength, field.ValueStart, head.Length);
                Assert.DoesNotContain(bytes.AsSpan(field.ValueStart, field.ValueLength).ToArray(), b => b is (byte)'\r' or (byte)'\n' or 0);
            }

            // More bytes after a complete head do not change it.
            var longer = new Http1ResponseHead();
            Assert.Equal(OperationStatus.Done, Http1HeadParser.Parse([.. bytes, .. "junk"u8], headRequest, longer));
            Assert.Equal((head.Length, head.Status, head.Framing, head.HeaderCount), (longer.Length, longer.Status, longer.Framing, longer.HeaderCount));
        }
    }

    private static void CheckChunked(byte[] bytes)
    {
        var decoder = new Http1ChunkedDecoder();
        var input = bytes.AsSpan();
        for (var steps = 0; steps <= bytes.Length + 1; steps++)
        {
            var status = decoder.Decode(input, out var consumed, out var dataStart, out var dataLength);
            Assert.InRange(consumed, 0, input.Length);
            Assert.InRange(dataStart, 0, input.Length);
            Assert.InRange(dataStart + dataLength, dataStart, consumed);
            input = input[consumed..];
            if (status != OperationStatus.NeedMoreData || (consumed == 0 && dataLength == 0))
            {
                Assert.Equal(status == OperationStatus.Done, decoder.IsDone);
                return;
            }
        }

        Assert.Fail("the decoder made no progress");
    }
}
