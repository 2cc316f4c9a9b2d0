using System.Buffers;
using System.Text;
using System.Text.Json.Serialization;
using CsCheck;
using GitGateway.Proxy.Discovery;
using GitGateway.Proxy.Tests.Support;

namespace GitGateway.Proxy.Tests.Discovery;

/// <summary>
/// A watch body comes from the network. Whatever its bytes and however a read cuts them, the node's reader gives
/// exactly the body's non-blank lines, or refuses a line past the limit with InvalidDataException; and each line it
/// gives parses to an event, a skipped unknown type or an error, never an exception.
/// </summary>
public sealed partial class WatchEventReaderFuzzTests
{
    private const int Limit = 96;

    private static readonly byte[][] Seeds =
    [
        """{"type":"ADDED","object":{"metadata":{"name":"web-1","creationTimestamp":"2026-12-07T10:00:00Z","generation":3},"endpoints":[{"addresses":["10.0.0.7"],"ready":true}],"ports":[{"port":8080}]}}"""u8.ToArray(),
        "{\"type\":\"MODIFIED\",\"object\":{\"metadata\":{\"name\":\"a\"}}}\n\n{\"type\":\"DELETED\",\"object\":{}}\r\n"u8.ToArray(),
        "{\"type\":\"BOOKMARK\",\"object\":{\"metadata\":{\"resourceVersion\":\"12\"}}}\n{\"type\":\"ERROR\",\"object\":{\"code\":410,\"reason\":\"Gone\"}}\n"u8.ToArray(),
        "  \n\t\r\n{\"type\":\"SOMETHING\",\"object\":{\"ports\":[{\"port\":-1}]}}"u8.ToArray(),
    ];

    [Fact]
    public void ReadAsync_MutatedBodiesCutAnywhere_TheNonBlankLinesOrRefused() =>
        Gen.Select(Mutations.Of(Seeds), Gen.Int[1, 64]).Sample(
            (bytes, chunk) =>
            {
                var expected = NonBlankLines(bytes);
                var lines = new List<byte[]>();
                try
                {
                    ReadAll(bytes, chunk, lines);
                }
                catch (InvalidDataException e)
                {
                    Assert.Contains($"{Limit} bytes", e.Message, StringComparison.Ordinal);
                    Assert.Contains(Encoding.Latin1.GetString(bytes).Split('\n'), l => l.Length > Limit);
                    Assert.True(lines.Count <= expected.Count);
                    Assert.Equal(expected.Take(lines.Count), lines, ByteEquality.Instance);
                    return;
                }

                Assert.Equal(expected, lines, ByteEquality.Instance);
            },
            iter: Mutations.Iterations(5_000));

    [Fact]
    public void Parse_MutatedLines_AnEventASkipOrAnErrorNeverAnException() =>
        Mutations.Of(Seeds).Sample(
            bytes =>
            {
                var (_, item, error) = WatchEventReader.Parse(new ReadOnlySequence<byte>(bytes), SliceJson.Default.Slice);
                Assert.True(item is null || error is null);
                Assert.True(error is null or InvalidDataException || error.GetType().Name == "KubernetesException", error?.GetType().Name);
            },
            iter: Mutations.Iterations(5_000));

    private static void ReadAll(byte[] bytes, int chunk, List<byte[]> lines)
    {
        var token = TestContext.Current.CancellationToken;
        var reader = new WatchEventReader(new ChunkedStream(bytes, chunk), Limit).ReadAsync(token).GetAsyncEnumerator(token);
        try
        {
            while (reader.MoveNextAsync().AsTask().GetAwaiter().GetResult())
            {
                lines.Add(reader.Current.ToArray());
            }
        }
        finally
        {
            reader.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    // The reference: split at LF, keep what is not only spaces, tabs and CRs.
    private static List<byte[]> NonBlankLines(byte[] bytes) =>
        Encoding.Latin1.GetString(bytes).Split('\n')
            .Where(l => l.AsSpan().IndexOfAnyExcept(" \r\t") >= 0)
            .Select(Encoding.Latin1.GetBytes).ToList();

    internal sealed class Slice
    {
        public SliceMeta? Metadata { get; set; }

        public List<SliceEndpoint>? Endpoints { get; set; }

        public List<SlicePort>? Ports { get; set; }
    }

    internal sealed class SliceMeta
    {
        public string? Name { get; set; }

        public DateTime? CreationTimestamp { get; set; }

        public long? Generation { get; set; }
    }

    internal sealed class SliceEndpoint
    {
        public List<string>? Addresses { get; set; }

        public bool? Ready { get; set; }
    }

    internal sealed class SlicePort
    {
        public int? Port { get; set; }
    }

    [JsonSerializable(typeof(Slice))]
    [JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
    internal sealed partial class SliceJson : JsonSerializerContext;

    private sealed class ByteEquality : IEqualityComparer<byte[]>
    {
        public static readonly ByteEquality Instance = new();

        public bool Equals(byte[]? x, byte[]? y) => x.AsSpan().SequenceEqual(y);

        public int GetHashCode(byte[] obj) => obj.Length;
    }

    /// <summary>A body that hands out at most <paramref name="chunk"/> bytes per read.</summary>
    private sealed class ChunkedStream(byte[] data, int chunk) : MemoryStream(data)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, chunk));

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, chunk)], cancellationToken);
    }
}
