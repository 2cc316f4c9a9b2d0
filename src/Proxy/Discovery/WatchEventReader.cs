using System.Buffers;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using k8s;
using k8s.Models;

namespace GitGateway.Proxy.Discovery;

/// <summary>
/// The body of a Kubernetes watch: one JSON object per line, <c>{"type": "ADDED", "object": {…}}</c>
/// (https://kubernetes.io/docs/reference/using-api/api-concepts/#efficient-detection-of-changes). The body comes from
/// the network: a line longer than the limit ends the watch before more of it is kept, and a line that is not an
/// event of the expected kind is refused, not guessed at.
/// </summary>
internal sealed class WatchEventReader(Stream body, int maxLineBytes)
{
    /// <summary>The non-blank lines of the body, each without its newline, until the body ends.</summary>
    public async IAsyncEnumerable<ReadOnlySequence<byte>> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var reader = PipeReader.Create(body, new StreamPipeReaderOptions(leaveOpen: true));
        try
        {
            while (true)
            {
                var read = await reader.ReadAsync(cancellationToken);
                var buffer = read.Buffer;
                while (buffer.PositionOf((byte)'\n') is { } newline)
                {
                    var line = buffer.Slice(0, newline);
                    buffer = buffer.Slice(buffer.GetPosition(1, newline));
                    if (!IsBlank(line))
                    {
                        yield return line;
                    }
                }

                if (buffer.Length > maxLineBytes)
                {
                    throw new InvalidDataException($"a watch event is longer than {maxLineBytes} bytes");
                }

                if (read.IsCompleted)
                {
                    // A last line without its newline is read as the official client's reader does; cut short, it
                    // is not JSON and is refused as such.
                    if (!IsBlank(buffer))
                    {
                        yield return buffer;
                    }

                    yield break;
                }

                reader.AdvanceTo(buffer.Start, buffer.End);
            }
        }
        finally
        {
            await reader.CompleteAsync();
        }
    }

    /// <summary>
    /// One event: its type and object, or for an ERROR event (or a line that is not an event) the error to report.
    /// An event of a type this reader does not know carries no item and is skipped.
    /// </summary>
    public static (WatchChange Type, T? Item, Exception? Error) Parse<T>(ReadOnlySequence<byte> line, JsonTypeInfo<T> info)
        where T : class
    {
        try
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String
                || !root.TryGetProperty("object", out var item) || item.ValueKind != JsonValueKind.Object)
            {
                return (default, null, new InvalidDataException("a watch line is not an event"));
            }

            return type.GetString() switch
            {
                "ADDED" => (WatchChange.Added, item.Deserialize(info), null),
                "MODIFIED" => (WatchChange.Modified, item.Deserialize(info), null),
                "DELETED" => (WatchChange.Deleted, item.Deserialize(info), null),
                "BOOKMARK" => (WatchChange.Bookmark, item.Deserialize(info), null),
                "ERROR" => (default, null, new KubernetesException(item.Deserialize(SourceGenerationContext.Default.V1Status) ?? new V1Status())),
                _ => (default, null, null),
            };
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException or OverflowException or ArgumentException)
        {
            // Invalid UTF-8 in a string surfaces as InvalidOperationException, a converter's refusal as one of the others.
            return (default, null, new InvalidDataException("a watch event is not valid JSON: " + e.Message, e));
        }
    }

    private static bool IsBlank(ReadOnlySequence<byte> line)
    {
        foreach (var segment in line)
        {
            if (segment.Span.IndexOfAnyExcept((byte)' ', (byte)'\r', (byte)'\t') >= 0)
            {
                return false;
            }
        }

        return true;
    }
}
