using System.Buffers;
using System.IO.Pipelines;
using System.Net.Security;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;

namespace GitGateway.Proxy.Hosting;

/// <summary>
/// Lets the answers of several HTTP/2 streams of one connection leave in one send. Kestrel's HTTP/2 frame writer
/// flushes the connection's output once per stream's answer, and with the transport's inline scheduling
/// (<see cref="KestrelFactory"/>) each flush is a send of its own: one <c>sendto</c> per request where an event-loop
/// proxy sends what a read produced at once. On an HTTP/2 connection this puts a pipe between the frame writer and the
/// transport whose reader runs on the thread pool: a flush only wakes it, and whatever the other streams write before
/// it runs goes out in the same send. Backpressure is kept: the pipe pauses the frame writer at
/// <see cref="PauseBytes"/>, as the transport's own output does, so Kestrel's minimum response data rate still sees a
/// slow reader. HTTP/1.1 connections are left as they are (one answer at a time, nothing to gather).
/// On a TLS port (h2 chosen by ALPN) it sits above the TLS stage, where each flush of the frame writer would otherwise
/// be one <c>SslStream</c> write: one record encrypted and sent per answer; gathered, one record carries several.
/// </summary>
internal static class Http2SendCoalescer
{
    /// <summary>Bytes the frame writer may run ahead of the socket before its flush waits (Kestrel's output default).</summary>
    public const int PauseBytes = 64 * 1024;

    public static async Task CoalesceAsync(ConnectionContext connection, ConnectionDelegate next)
    {
        var protocol = connection.Features.Get<ITlsApplicationProtocolFeature>()?.ApplicationProtocol;
        if (protocol is not { } chosen || !chosen.Span.SequenceEqual(SslApplicationProtocol.Http2.Protocol.Span))
        {
            await next(connection);
            return;
        }

        var transport = connection.Transport;
        var pool = connection.Features.Get<IMemoryPoolFeature>()?.MemoryPool;
        var pipe = new Pipe(new PipeOptions(
            pool, readerScheduler: PipeScheduler.ThreadPool, writerScheduler: PipeScheduler.Inline,
            pauseWriterThreshold: PauseBytes, resumeWriterThreshold: PauseBytes / 2, useSynchronizationContext: false));
        connection.Transport = new CoalescedPipe(transport.Input, pipe.Writer);
        var pump = PumpAsync(pipe.Reader, transport.Output);
        try
        {
            await next(connection);
        }
        finally
        {
            // Kestrel completes the output when the connection ends; completing again is harmless and covers a throw.
            await pipe.Writer.CompleteAsync();
            await pump;
        }
    }

    /// <summary>
    /// Copies what the frame writer flushed to the transport, one send per wake-up. A transport that closed completes
    /// the pipe's reader, so the frame writer's next flush reports the connection gone, as the transport's would.
    /// </summary>
    private static async Task PumpAsync(PipeReader reader, PipeWriter output)
    {
        Exception? error = null;
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync();
                var buffer = result.Buffer;
                var sent = buffer.IsEmpty || await SendAsync(buffer, output);
                reader.AdvanceTo(buffer.End);
                if (!sent || result.IsCompleted || result.IsCanceled)
                {
                    break;
                }
            }
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or ConnectionAbortedException or OperationCanceledException)
        {
            error = e;
        }

        await reader.CompleteAsync(error);
        await output.CompleteAsync(error);
    }

    /// <summary>False once the transport will take no more (its reader, the socket, is gone).</summary>
    private static async ValueTask<bool> SendAsync(ReadOnlySequence<byte> buffer, PipeWriter output)
    {
        foreach (var segment in buffer)
        {
            output.Write(segment.Span);
        }

        var flushed = await output.FlushAsync();
        return !flushed.IsCompleted && !flushed.IsCanceled;
    }

    private sealed class CoalescedPipe(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;

        public PipeWriter Output { get; } = output;
    }
}
