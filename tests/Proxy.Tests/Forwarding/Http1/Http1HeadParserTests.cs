using System.Buffers;
using System.Text;
using GitGateway.Proxy.Forwarding.Http1;

namespace GitGateway.Proxy.Tests.Forwarding.Http1;

public sealed class Http1HeadParserTests
{
    private const string Ok = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\nSet-Cookie: a=1\r\nSet-Cookie: b=2\r\n\r\nhello";

    private static OperationStatus Parse(string text, Http1ResponseHead head, bool headRequest = false) =>
        Http1HeadParser.Parse(Encoding.Latin1.GetBytes(text), headRequest, head);

    private static string Field(string text, Http1ResponseHead head, int index)
    {
        var bytes = Encoding.Latin1.GetBytes(text);
        var h = head.Headers[index];
        return Encoding.Latin1.GetString(bytes, h.NameStart, h.NameLength) + "=" + Encoding.Latin1.GetString(bytes, h.ValueStart, h.ValueLength);
    }

    [Fact]
    public void Parse_CompleteHead_GivesStatusFieldsAndFraming()
    {
        var head = new Http1ResponseHead();

        Assert.Equal(OperationStatus.Done, Parse(Ok, head));

        Assert.Equal(200, head.Status);
        Assert.True(head.Version11);
        Assert.False(head.Close);
        Assert.Equal(Http1BodyFraming.ContentLength, head.Framing);
        Assert.Equal(5, head.ContentLength);
        Assert.Equal(Ok.Length - 5, head.Length);
        Assert.Equal(["Content-Type=text/plain", "Content-Length=5", "Set-Cookie=a=1", "Set-Cookie=b=2"], Enumerable.Range(0, head.HeaderCount).Select(i => Field(Ok, head, i)));
    }

    [Fact]
    public void Parse_EveryPrefixOfTheHead_NeedsMoreDataUntilTheBlankLine()
    {
        var head = new Http1ResponseHead();
        var headLength = Ok.Length - 5;

        for (var cut = 0; cut < headLength; cut++)
        {
            Assert.Equal(OperationStatus.NeedMoreData, Parse(Ok[..cut], head));
        }

        Assert.Equal(OperationStatus.Done, Parse(Ok[..headLength], head));
        Assert.Equal(headLength, head.Length);
    }

    [Fact]
    public void Parse_BareLineFeedsAndPaddedValues_AreAccepted()
    {
        var head = new Http1ResponseHead();
        const string text = "HTTP/1.1 404 Not Found\nX-A:   padded \t\nContent-Length: 0\n\n";

        Assert.Equal(OperationStatus.Done, Parse(text, head));

        Assert.Equal(404, head.Status);
        Assert.Equal("X-A=padded", Field(text, head, 0));
        Assert.Equal(Http1BodyFraming.None, head.Framing);
    }

    [Theory]
    [InlineData("HTTP/1.1 704 Seven\r\nContent-Length: 0\r\n\r\n")] // outside 100-599 (found by the forwarder fuzz run in CI)
    [InlineData("HTTP/1.1 999 x\r\n\r\n")]
    [InlineData("HTTP/1.1 200 OK\r\nX-A: 1\r\n folded\r\n\r\n")]
    [InlineData("HTTP/1.1 200 OK\r\nX-A : 1\r\n\r\n")]
    [InlineData("HTTP/1.1 200 OK\r\n: empty-name\r\n\r\n")]
    [InlineData("HTTP/1.1 200 OK\r\nX-A: a\u0001b\r\n\r\n")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 1x\r\n\r\n")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: +2\r\n\r\n")] // Kestrel refused to write it back: a 500, now a 502
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: \r\n\r\n")]
    [InlineData("HTTP/2 200 OK\r\n\r\n")]
    [InlineData("HTTP/1.1 20 OK\r\n\r\n")]
    [InlineData("HTTP/1.1 200OK\r\n\r\n")]
    [InlineData("SSH-2.0-OpenSSH\r\n\r\n")]
    public void Parse_MalformedHead_IsInvalid(string text)
    {
        Assert.Equal(OperationStatus.InvalidData, Parse(text, new Http1ResponseHead()));
    }

    [Fact]
    public void Parse_HeadOverTheBound_IsInvalidEvenBeforeItEnds()
    {
        var big = "HTTP/1.1 200 OK\r\n" + string.Concat(Enumerable.Range(0, 700).Select(i => $"X-Header-{i:D4}: {new string('v', 80)}\r\n"));

        Assert.True(big.Length > Http1HeadParser.MaxHeadBytes);
        Assert.Equal(OperationStatus.InvalidData, Parse(big, new Http1ResponseHead()));
        Assert.Equal(OperationStatus.InvalidData, Parse(big + "\r\n", new Http1ResponseHead()));
    }

    [Theory]
    [InlineData("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n", false, "Chunked", false)]
    [InlineData("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\nContent-Length: 3\r\n\r\n", false, "Chunked", true)]
    [InlineData("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n", false, "UntilClose", true)]
    [InlineData("HTTP/1.1 200 OK\r\n\r\n", false, "UntilClose", true)]
    [InlineData("HTTP/1.0 200 OK\r\nContent-Length: 3\r\n\r\n", false, "ContentLength", true)]
    [InlineData("HTTP/1.1 200 OK\r\nConnection: keep-alive, Close\r\nContent-Length: 3\r\n\r\n", false, "ContentLength", true)]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\n", true, "None", false)]
    [InlineData("HTTP/1.1 204 No Content\r\n\r\n", false, "None", false)]
    [InlineData("HTTP/1.1 304 Not Modified\r\nContent-Length: 10\r\n\r\n", false, "None", false)]
    [InlineData("HTTP/1.1 100 Continue\r\n\r\n", false, "None", false)]
    public void Parse_FramingFields_DecideTheBodyAndReuse(string text, bool headRequest, string framing, bool close)
    {
        var head = new Http1ResponseHead();

        Assert.Equal(OperationStatus.Done, Parse(text, head, headRequest));

        Assert.Equal(framing, head.Framing.ToString());
        Assert.Equal(close, head.Close);
    }
}
