using System.Text.Json;
using System.Threading.Channels;

namespace GitGateway.Proxy.Observability;

/// <summary>
/// One JSON line per request on stdout, written by a background task so a slow terminal never holds a request.
/// Off for benchmarks (<c>--access-log off</c>). When the queue is full, lines are dropped rather than waited for.
/// </summary>
internal sealed class AccessLog : IAsyncDisposable
{
    private readonly Channel<AccessLogEntry>? _channel;
    private readonly Task _writer = Task.CompletedTask;

    public AccessLog(bool enabled, TextWriter output)
    {
        if (!enabled)
        {
            return;
        }

        _channel = Channel.CreateBounded<AccessLogEntry>(new BoundedChannelOptions(8192) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });
        _writer = WriteAsync(_channel.Reader, output);
    }

    public bool Enabled => _channel is not null;

    public void Write(AccessLogEntry entry) => _channel?.Writer.TryWrite(entry);

    public async ValueTask DisposeAsync()
    {
        _channel?.Writer.TryComplete();
        await _writer;
    }

    private static async Task WriteAsync(ChannelReader<AccessLogEntry> reader, TextWriter output)
    {
        var buffer = new MemoryStream();
        await using var json = new Utf8JsonWriter(buffer);
        while (await reader.WaitToReadAsync(CancellationToken.None))
        {
            while (reader.TryRead(out var entry))
            {
                buffer.SetLength(0);
                json.Reset(buffer);
                entry.WriteTo(json);
                json.Flush();
                await output.WriteLineAsync(System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
            }

            await output.FlushAsync(CancellationToken.None);
        }
    }
}
