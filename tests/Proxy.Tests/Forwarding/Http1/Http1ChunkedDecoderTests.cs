using System.Buffers;
using System.Text;
using GitGateway.Proxy.Forwarding.Http1;

namespace GitGateway.Proxy.Tests.Forwarding.Http1;

public sealed class Http1ChunkedDecoderTests
{
    private const string Body = "5\r\nhello\r\n7;name=value\r\n, world\r\n1A\r\nabcdefghijklmnopqrstuvwxyz\r\n0\r\nX-Trailer: t\r\n\r\n";
    private const string Decoded = "hello, worldabcdefghijklmnopqrstuvwxyz";

    /// <summary>Feeds the input in pieces of <paramref name="piece"/> bytes, as reads from a socket would arrive.</summary>
    private static (OperationStatus Status, string Data, int Left) Feed(string input, int piece)
    {
        var bytes = Encoding.Latin1.GetBytes(input);
        var decoder = default(Http1ChunkedDecoder);
        var data = new StringBuilder();
        var buffered = new List<byte>();
        var offered = 0;
        while (true)
        {
            var span = buffered.ToArray().AsSpan();
            var status = decoder.Decode(span, out var consumed, out var start, out var length);
            data.Append(Encoding.Latin1.GetString(span.Slice(start, length)));
            buffered.RemoveRange(0, consumed);
            if (length > 0)
            {
                continue;
            }

            if (status != OperationStatus.NeedMoreData || offered == bytes.Length)
            {
                return (status, data.ToString(), buffered.Count + bytes.Length - offered);
            }

            var take = Math.Min(piece, bytes.Length - offered);
            buffered.AddRange(bytes.AsSpan(offered, take).ToArray());
            offered += take;
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(1000)]
    public void Decode_BodySplitAnywhere_GivesTheDataAndStopsAtTheEnd(int piece)
    {
        var (status, data, left) = Feed(Body + "HTTP/1.1 200 OK", piece);

        Assert.Equal(OperationStatus.Done, status);
        Assert.Equal(Decoded, data);
        Assert.Equal("HTTP/1.1 200 OK".Length, left);
    }

    [Fact]
    public void Decode_BodyCutShort_NeedsMoreData()
    {
        var (status, data, _) = Feed(Body[..27], 4);

        Assert.Equal(OperationStatus.NeedMoreData, status);
        Assert.Equal("hello, w", data);
    }

    [Theory]
    [InlineData("x\r\nhello\r\n0\r\n\r\n")]
    [InlineData("5 x\r\nhello\r\n0\r\n\r\n")]
    [InlineData("5\r\nhelloXY0\r\n\r\n")]
    [InlineData("\r\n")]
    [InlineData("10000000000000000\r\n")]
    public void Decode_MalformedBody_IsInvalid(string input)
    {
        Assert.Equal(OperationStatus.InvalidData, Feed(input, 1000).Status);
    }

    [Fact]
    public void Decode_SizeLineWithoutEnd_IsInvalidPastTheLineBound()
    {
        var input = "5;" + new string('e', Http1ChunkedDecoder.MaxLineBytes + 10);

        Assert.Equal(OperationStatus.InvalidData, Feed(input, 1000).Status);
    }
}
