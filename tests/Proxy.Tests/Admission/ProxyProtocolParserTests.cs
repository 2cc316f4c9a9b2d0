using System.Buffers;
using System.Net;
using System.Text;
using CsCheck;
using GitGateway.Proxy.Admission;
using GitGateway.Proxy.Tests.Support;

namespace GitGateway.Proxy.Tests.Admission;

public sealed class ProxyProtocolParserTests
{
    private static readonly byte[] V2Tcp4 =
    [
        .. ProxyProtocolParser.V2Signature, 0x21, 0x11, 0x00, 0x0C,
        203, 0, 113, 7, 10, 0, 0, 1, 0x15, 0xB3, 0x00, 0x50,
    ];

    private static readonly byte[] V2Tcp6 =
    [
        .. ProxyProtocolParser.V2Signature, 0x21, 0x21, 0x00, 0x27,
        0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x07,
        0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01,
        0x15, 0xB3, 0x00, 0x50,
        0x04, 0x00, 0x00, // a TLV (NOOP), skipped
    ];

    private static readonly byte[] V2Local = [.. ProxyProtocolParser.V2Signature, 0x20, 0x00, 0x00, 0x00];

    [Theory]
    [InlineData("PROXY TCP4 203.0.113.7 10.0.0.1 5555 80\r\n", "203.0.113.7:5555")]
    [InlineData("PROXY TCP6 2001:db8::7 2001:db8::1 5555 443\r\n", "[2001:db8::7]:5555")]
    [InlineData("PROXY UNKNOWN\r\n", null)]
    [InlineData("PROXY UNKNOWN ffff:f...f:ffff ffff:f...f:ffff 65535 65535\r\n", null)]
    public void V1_WellFormed_IsParsed(string text, string? source)
    {
        var bytes = Encoding.ASCII.GetBytes(text + "GET / HTTP/1.1\r\n");

        Assert.Equal(OperationStatus.Done, ProxyProtocolParser.TryParse(bytes, out var header));
        Assert.Equal(text.Length, header.Length);
        Assert.Equal(source, header.Source?.ToString());
    }

    [Theory]
    [InlineData("PROXY TCP4 203.0.113.7 10.0.0.1 5555 80\n")] // LF alone
    [InlineData("PROXY TCP4  203.0.113.7 10.0.0.1 5555 80\r\n")] // two spaces
    [InlineData("PROXY TCP4 2001:db8::7 10.0.0.1 5555 80\r\n")] // family mismatch
    [InlineData("PROXY TCP6 203.0.113.7 2001:db8::1 5555 80\r\n")]
    [InlineData("PROXY TCP4 203.0.113.7 10.0.0.1 05555 80\r\n")] // leading zero
    [InlineData("PROXY TCP4 203.0.113.7 10.0.0.1 65536 80\r\n")]
    [InlineData("PROXY TCP4 203.0.113.7 10.0.0.1 -1 80\r\n")] // a sign (found by the fuzzer: IPEndPoint threw)
    [InlineData("PROXY TCP4 203.0.113.7 10.0.0.1 +80 80\r\n")]
    [InlineData("PROXY TCP4 203.0.113 10.0.0.1 5555 80\r\n")] // three parts: IPAddress would read 203.0.0.113
    [InlineData("PROXY TCP4 203.0.113.7 10.0.0.1 5555 80 extra\r\n")]
    [InlineData("PROXY UDP4 203.0.113.7 10.0.0.1 5555 80\r\n")]
    [InlineData("PROXY TCP6 fe80::1%eth0 fe80::2 5555 80\r\n")] // scope id
    [InlineData("GET / HTTP/1.1\r\n")]
    public void V1_Malformed_IsInvalid(string text) =>
        Assert.Equal(OperationStatus.InvalidData, ProxyProtocolParser.TryParse(Encoding.ASCII.GetBytes(text), out _));

    [Fact]
    public void V1_NoLineEndWithin107Bytes_IsInvalid()
    {
        var bytes = Encoding.ASCII.GetBytes("PROXY UNKNOWN " + new string('a', 100));

        Assert.Equal(OperationStatus.InvalidData, ProxyProtocolParser.TryParse(bytes, out _));
        Assert.Equal(OperationStatus.NeedMoreData, ProxyProtocolParser.TryParse(bytes.AsSpan(0, 50), out _));
    }

    [Fact]
    public void V2_Tcp4Tcp6AndLocal_AreParsed()
    {
        Assert.Equal(OperationStatus.Done, ProxyProtocolParser.TryParse(V2Tcp4, out var four));
        Assert.Equal((28, "203.0.113.7:5555"), (four.Length, four.Source?.ToString()));
        Assert.Equal(OperationStatus.Done, ProxyProtocolParser.TryParse(V2Tcp6, out var six));
        Assert.Equal((16 + 39, "[2001:db8::7]:5555"), (six.Length, six.Source?.ToString()));
        Assert.Equal(OperationStatus.Done, ProxyProtocolParser.TryParse(V2Local, out var local));
        Assert.Equal((16, (IPEndPoint?)null), (local.Length, local.Source));
    }

    [Fact]
    public void V2_Malformed_IsInvalidAndPartial_NeedsMore()
    {
        byte[] badVersion = [.. V2Tcp4];
        badVersion[12] = 0x11;
        byte[] shortBlock = [.. V2Tcp4];
        shortBlock[15] = 4;
        byte[] tooLong = [.. V2Local];
        tooLong[14] = 0x08; // 2,048 + 1 bytes
        tooLong[15] = 0x01;

        Assert.Equal(OperationStatus.InvalidData, ProxyProtocolParser.TryParse(badVersion, out _));
        Assert.Equal(OperationStatus.InvalidData, ProxyProtocolParser.TryParse(shortBlock, out _));
        Assert.Equal(OperationStatus.InvalidData, ProxyProtocolParser.TryParse(tooLong, out _));
        Assert.Equal(OperationStatus.NeedMoreData, ProxyProtocolParser.TryParse(V2Tcp4.AsSpan(0, 20), out _));
        Assert.Equal(OperationStatus.NeedMoreData, ProxyProtocolParser.TryParse(V2Tcp4.AsSpan(0, 5), out _));
    }

    [Fact]
    public void TryParse_MutatedHeaders_NeverThrowsAndStaysInBounds() =>
        Mutations.Of([V2Tcp4, V2Tcp6, V2Local, Encoding.ASCII.GetBytes("PROXY TCP4 203.0.113.7 10.0.0.1 5555 80\r\nGET /"), Encoding.ASCII.GetBytes("PROXY TCP6 2001:db8::7 ::1 1 2\r\n")])
            .Sample(bytes =>
            {
                var status = ProxyProtocolParser.TryParse(bytes, out var header);
                if (status == OperationStatus.Done)
                {
                    Assert.InRange(header.Length, 15, Math.Min(bytes.Length, 16 + ProxyProtocolParser.MaxV2Payload));
                    Assert.True(header.Source is null || header.Source.Port is >= 0 and <= 65535);
                }
                else if (status == OperationStatus.NeedMoreData)
                {
                    Assert.True(bytes.Length < 16 + ProxyProtocolParser.MaxV2Payload);
                }
            }, iter: Mutations.Iterations(20_000));
}
