using System.Buffers;
using System.IO.Pipelines;
using System.Net.Security;
using GitGateway.Proxy.Hosting;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;

namespace GitGateway.Proxy.Tests.Hosting;

/// <summary>
/// The pipe between Kestrel's HTTP/2 frame writer and the socket, on in-memory pipes: every byte reaches the socket
/// in order and the end of the output follows it; a socket that went away is reported to the frame writer's flush
/// as a completed output, as the socket's own pipe would; an HTTP/1.1 connection keeps its transport as it was.
/// </summary>
public sealed class Http2SendCoalescerTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Http2Connection_ManyFlushedWrites_ReachTheSocketInOrderThenComplete()
    {
        var (connection, socket) = Connection(http2: true);
        var expected = new List<byte>();

        await Http2SendCoalescer.CoalesceAsync(connection, async c =>
        {
            for (var i = 0; i < 500; i++)
            {
                byte[] frame = [(byte)i, (byte)(i >> 8), 0x5A];
                expected.AddRange(frame);
                await c.Transport.Output.WriteAsync(frame, Token);
            }

            await c.Transport.Output.CompleteAsync(); // as Kestrel does when the connection ends
        });

        Assert.Equal(expected, await ReadToEndAsync(socket.Reader));
    }

    [Fact]
    public async Task Http2Connection_SocketGone_FrameWriterFlushReportsCompleted()
    {
        var (connection, socket) = Connection(http2: true);
        var completed = false;

        await Http2SendCoalescer.CoalesceAsync(connection, async c =>
        {
            await c.Transport.Output.WriteAsync("first"u8.ToArray(), Token);
            var read = await socket.Reader.ReadAsync(Token);
            Assert.Equal("first"u8.ToArray(), read.Buffer.ToArray());
            await socket.Reader.CompleteAsync(); // the socket closed

            using var bound = CancellationTokenSource.CreateLinkedTokenSource(Token);
            bound.CancelAfter(TimeSpan.FromSeconds(10));
            while (!completed && !bound.IsCancellationRequested)
            {
                completed = (await c.Transport.Output.WriteAsync("more"u8.ToArray(), bound.Token)).IsCompleted;
                if (!completed)
                {
                    await Task.Delay(5, bound.Token); // the pump notices on its next send
                }
            }
        });

        Assert.True(completed, "the frame writer was never told that the socket went away");
    }

    [Fact]
    public async Task Http1Connection_TransportIsLeftAsItWas()
    {
        var (connection, _) = Connection(http2: false);
        var before = connection.Transport;
        IDuplexPipe? seen = null;

        await Http2SendCoalescer.CoalesceAsync(connection, c =>
        {
            seen = c.Transport;
            return Task.CompletedTask;
        });

        Assert.Same(before, seen);
    }

    private static (ConnectionContext Connection, Pipe Socket) Connection(bool http2)
    {
        var socket = new Pipe();
        var input = new Pipe();
        var connection = new DefaultConnectionContext("test", new DuplexPipe(input.Reader, socket.Writer), new DuplexPipe(socket.Reader, input.Writer));
        if (http2)
        {
            connection.Features.Set<ITlsApplicationProtocolFeature>(new Http2Chosen());
        }

        return (connection, socket);
    }

    private static async Task<byte[]> ReadToEndAsync(PipeReader reader)
    {
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(Token);
        bound.CancelAfter(TimeSpan.FromSeconds(10));
        while (true)
        {
            var result = await reader.ReadAsync(bound.Token);
            if (result.IsCompleted)
            {
                var bytes = result.Buffer.ToArray();
                reader.AdvanceTo(result.Buffer.End);
                return bytes;
            }

            reader.AdvanceTo(result.Buffer.Start, result.Buffer.End);
        }
    }

    private sealed class DuplexPipe(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;

        public PipeWriter Output { get; } = output;
    }

    private sealed class Http2Chosen : ITlsApplicationProtocolFeature
    {
        public ReadOnlyMemory<byte> ApplicationProtocol => SslApplicationProtocol.Http2.Protocol;
    }
}
