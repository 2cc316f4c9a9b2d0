using System.Buffers;
using System.Text;
using System.Text.Json.Serialization;
using GitGateway.Proxy.Discovery;

namespace GitGateway.Proxy.Tests.Discovery;

/// <summary>
/// The node's reader of a watch body, fed what a hostile or broken API could send: lines cut anywhere, blank lines,
/// a line past the limit, lines that are not events.
/// </summary>
public sealed partial class WatchEventReaderTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ReadAsync_LinesCutIntoSingleBytesWithBlankLines_YieldsEachLineWhole()
    {
        var body = "{\"a\":1}\n\n  \r\n{\"b\":2}\r\n{\"c\":3}"u8.ToArray();

        var lines = await ReadAllAsync(new OneByteStream(body), maxLineBytes: 64);

        Assert.Equal(["{\"a\":1}", "{\"b\":2}\r", "{\"c\":3}"], lines);
    }

    [Fact]
    public async Task ReadAsync_LineLongerThanLimit_RefusedBeforeItEnds()
    {
        var body = new MemoryStream(Encoding.ASCII.GetBytes("{\"a\":1}\n" + new string('x', 10_000)));

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => ReadAllAsync(body, maxLineBytes: 1_000));

        Assert.Contains("1000 bytes", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ADDED", nameof(WatchChange.Added))]
    [InlineData("MODIFIED", nameof(WatchChange.Modified))]
    [InlineData("DELETED", nameof(WatchChange.Deleted))]
    [InlineData("BOOKMARK", nameof(WatchChange.Bookmark))]
    public void Parse_KnownType_TypeAndObject(string type, string expected)
    {
        var (change, item, error) = WatchEventReader.Parse(Line($"{{\"object\":{{\"name\":\"web-1\"}},\"type\":\"{type}\"}}"), ProbeJson.Default.Probe);

        Assert.Null(error);
        Assert.Equal(expected, change.ToString());
        Assert.Equal("web-1", item?.Name);
    }

    [Fact]
    public void Parse_UnknownType_SkippedWithoutError()
    {
        var (_, item, error) = WatchEventReader.Parse(Line("{\"type\":\"SOMETHING\",\"object\":{\"name\":\"x\"}}"), ProbeJson.Default.Probe);

        Assert.Null(item);
        Assert.Null(error);
    }

    [Theory]
    [InlineData("[1,2]")]
    [InlineData("{\"type\":\"ADDED\"}")]
    [InlineData("{\"type\":1,\"object\":{}}")]
    [InlineData("{\"type\":\"ADDED\",\"object\":\"text\"}")]
    [InlineData("{\"type\":\"ADDED\",\"object\":{\"name\":")]
    [InlineData("not json")]
    public void Parse_NotAnEvent_ReportedAsInvalidData(string line)
    {
        var (_, item, error) = WatchEventReader.Parse(Line(line), ProbeJson.Default.Probe);

        Assert.Null(item);
        Assert.IsType<InvalidDataException>(error);
    }

    private static ReadOnlySequence<byte> Line(string text) => new(Encoding.UTF8.GetBytes(text));

    private static async Task<List<string>> ReadAllAsync(Stream body, int maxLineBytes)
    {
        var lines = new List<string>();
        await foreach (var line in new WatchEventReader(body, maxLineBytes).ReadAsync(Token))
        {
            lines.Add(Encoding.UTF8.GetString(line));
        }

        return lines;
    }

    internal sealed class Probe
    {
        public string? Name { get; set; }
    }

    [JsonSerializable(typeof(Probe))]
    [JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
    internal sealed partial class ProbeJson : JsonSerializerContext;

    /// <summary>A body that hands out one byte per read, as a slow network might.</summary>
    private sealed class OneByteStream(byte[] data) : MemoryStream(data)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, 1));

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, 1)], cancellationToken);
    }
}
