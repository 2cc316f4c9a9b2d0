using System.Text;
using GitGateway.Proxy.Forwarding.Http1;

namespace GitGateway.Proxy.Tests.Forwarding.Http1;

public sealed class Http1ValueCacheTests
{
    private static byte[] Bytes(string value) => Encoding.Latin1.GetBytes(value);

    [Fact]
    public void Get_SameBytesAtSamePosition_ReturnsTheKeptString()
    {
        var cache = new Http1ValueCache();

        var first = cache.Get(2, Bytes("text/plain"));
        var second = cache.Get(2, Bytes("text/plain"));

        Assert.Equal("text/plain", second);
        Assert.Same(first, second);
    }

    [Fact]
    public void Get_DifferentBytesOrPosition_DecodesTheNewValue()
    {
        var cache = new Http1ValueCache();
        cache.Get(0, Bytes("Mon, 07 Dec 2026 02:00:00 GMT"));

        Assert.Equal("Mon, 07 Dec 2026 02:00:01 GMT", cache.Get(0, Bytes("Mon, 07 Dec 2026 02:00:01 GMT")));
        Assert.Equal("5", cache.Get(1, Bytes("5")));
        Assert.Equal("56", cache.Get(1, Bytes("56")));
    }

    [Fact]
    public void Get_ObsTextBytes_DecodeAsLatin1EveryTime()
    {
        var cache = new Http1ValueCache();
        byte[] value = [(byte)'a', 0xE9, 0xFF];

        var first = cache.Get(3, value);
        var second = cache.Get(3, value);

        Assert.Equal("a\u00E9\u00FF", first);
        Assert.Equal(first, second);
    }

    [Fact]
    public void Get_BeyondTheSlotsOrTooLong_DecodesWithoutKeeping()
    {
        var cache = new Http1ValueCache();
        var longValue = new string('x', Http1ValueCache.MaxValueLength + 1);

        var past = cache.Get(Http1ValueCache.Slots, Bytes("gzip"));
        var long1 = cache.Get(0, Bytes(longValue));
        var long2 = cache.Get(0, Bytes(longValue));

        Assert.Equal("gzip", past);
        Assert.NotSame(past, cache.Get(Http1ValueCache.Slots, Bytes("gzip")));
        Assert.Equal(longValue, long2);
        Assert.NotSame(long1, long2);
    }
}
