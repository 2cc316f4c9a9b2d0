using System.Text;
using CsCheck;
using GitGateway.Proxy.Sync;
using GitGateway.Proxy.Tests.Support;

namespace GitGateway.Proxy.Tests.Sync;

/// <summary>
/// The plan stream (<c>text/event-stream</c>) comes from the control plane over the network. Whatever its bytes, the
/// reader gives events with an id and data, at most one per blank line and no more data than the stream held, and
/// ends with HttpRequestException ("the plan stream ended", or a line or an event past the size limit refused), never
/// another exception, and no event's data is longer than the limit.
/// </summary>
public sealed class PlanEventReaderFuzzTests
{
    private static readonly byte[][] Seeds =
    [
        "id: 3f9a\ndata: {\"schemaVersion\":\"gitgateway.dev/plan/v1\"}\n\n"u8.ToArray(),
        ": keep-alive\n\nid:abc\ndata:{\ndata: }\n\n: keep-alive\n\n"u8.ToArray(),
        "id: h1\r\ndata: a\r\n\r\nid: h2\rdata: b\r\rretry: 10\nevent: plan\ndata\n\n"u8.ToArray(),
        "data: no id yet\n\nid: late\n\n"u8.ToArray(),
    ];

    private const int Limit = 48;

    [Fact]
    public void NextAsync_MutatedStreams_EventsThenEndedNeverAnotherException() =>
        Mutations.Of(Seeds).Sample(
            bytes =>
            {
                using var reader = new PlanEventReader(new HttpResponseMessage(), new MemoryStream(bytes), TimeSpan.FromSeconds(30), Limit);
                var lines = Encoding.UTF8.GetString(bytes).ReplaceLineEndings("\n").Split('\n');
                var blankLines = lines.Count(l => l.Length == 0);
                var events = 0;
                long data = 0;
                while (true)
                {
                    try
                    {
                        var (id, body) = reader.NextAsync(TestContext.Current.CancellationToken).GetAwaiter().GetResult();
                        Assert.NotNull(id);
                        Assert.NotEmpty(body);
                        Assert.InRange(body.Length, 1, 3 * Limit); // characters, each at most three UTF-8 bytes
                        events++;
                        data += body.Length;
                    }
                    catch (HttpRequestException e)
                    {
                        Assert.True(e.Message == "the plan stream ended" || e.Message.StartsWith("a plan ", StringComparison.Ordinal), e.Message);
                        break;
                    }
                }

                Assert.InRange(events, 0, blankLines);
                Assert.InRange(data, 0, 3L * bytes.Length); // an invalid UTF-8 byte becomes U+FFFD, three bytes
            },
            iter: Mutations.Iterations(5_000));
}
