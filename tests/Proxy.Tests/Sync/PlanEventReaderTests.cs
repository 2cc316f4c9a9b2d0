using System.Text;
using GitGateway.Proxy.Sync;

namespace GitGateway.Proxy.Tests.Sync;

/// <summary>
/// The plan stream's reader keeps at most the node's plan size limit: a line or an event's data past it ends the
/// stream with the reader's failure (the source then reconnects after its backoff), and a blank line clears the data
/// of an event that had no id instead of prepending it to the next one.
/// </summary>
public sealed class PlanEventReaderTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task NextAsync_LineLongerThanLimit_RefusedAsFailedStream()
    {
        using var reader = Reader(": " + new string('x', 200) + "\nid: h\ndata: {}\n\n", maxBytes: 100);

        var e = await Assert.ThrowsAsync<HttpRequestException>(() => reader.NextAsync(Token));

        Assert.Equal("a plan stream line is longer than 116 bytes", e.Message);
    }

    [Fact]
    public async Task NextAsync_EventDataLongerThanLimit_RefusedAsFailedStream()
    {
        var lines = string.Concat(Enumerable.Repeat("data: " + new string('x', 30) + "\n", 10)); // each line under the limit, 310 together
        using var reader = Reader("id: h\n" + lines + "\n", maxBytes: 100);

        var e = await Assert.ThrowsAsync<HttpRequestException>(() => reader.NextAsync(Token));

        Assert.Equal("a plan event is longer than 100 bytes", e.Message);
    }

    [Fact]
    public async Task NextAsync_EventAtLimit_Read()
    {
        using var reader = Reader("id: h\r\ndata: " + new string('x', 100) + "\r\n\r\n", maxBytes: 100);

        var (id, data) = await reader.NextAsync(Token);

        Assert.Equal("h", id);
        Assert.Equal(100, data.Length);
    }

    [Fact]
    public async Task NextAsync_DataWithoutIdThenBlankLine_ClearedNotPrependedToNextEvent()
    {
        using var reader = Reader("data: stale\n\nid: h\ndata: {}\n\n", maxBytes: 100);

        var (id, data) = await reader.NextAsync(Token);

        Assert.Equal("h", id);
        Assert.Equal("{}", Encoding.UTF8.GetString(data));
    }

    [Fact]
    public async Task NextAsync_CarriageReturnLineFeedSplitAcrossReads_OneLineEnd()
    {
        // CR at the end of one read and LF at the start of the next end one line, not a line and a blank one.
        var text = "id: h\r\ndata: a\r\ndata: b\r\n\r\n";
        using var reader = new PlanEventReader(new HttpResponseMessage(), new TrickleStream(Encoding.UTF8.GetBytes(text)), TimeSpan.FromSeconds(30), 100);

        var (id, data) = await reader.NextAsync(Token);

        Assert.Equal("h", id);
        Assert.Equal("a\nb", Encoding.UTF8.GetString(data));
    }

    private static PlanEventReader Reader(string text, int maxBytes) =>
        new(new HttpResponseMessage(), new MemoryStream(Encoding.UTF8.GetBytes(text)), TimeSpan.FromSeconds(30), maxBytes);

    /// <summary>A stream that gives one byte per read, so every line end is split across reads.</summary>
    private sealed class TrickleStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, 1));

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, 1)], cancellationToken);

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            base.ReadAsync(buffer, offset, Math.Min(count, 1), cancellationToken);
    }
}
