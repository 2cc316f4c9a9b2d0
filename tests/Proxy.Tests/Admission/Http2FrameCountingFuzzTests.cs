using System.Buffers;
using System.IO.Pipelines;
using CsCheck;
using GitGateway.Proxy.Admission;
using GitGateway.Proxy.Tests.Support;
using Microsoft.AspNetCore.Connections;

namespace GitGateway.Proxy.Tests.Admission;

/// <summary>
/// The HTTP/2 header-block guard reads every frame header of every HTTP/2 client. Whatever the bytes and however
/// they arrive (in chunks, consumed in part as Kestrel does), it passes them through unchanged, and it stops the
/// connection (ConnectionAbortedException, never another exception) exactly when a header block spans more than
/// the limit of frames.
/// </summary>
public sealed class Http2FrameCountingFuzzTests
{
    private const int Max = Http2HeaderBlockGuard.MaxHeaderBlockFrames;
    private const byte Headers = 0x1, PushPromise = 0x5, Continuation = 0x9, EndHeaders = 0x4;
    private static readonly byte[] Preface = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"u8.ToArray();
    private static readonly byte[] Others = [0x0, 0x2, 0x3, 0x4, 0x6, 0x7, 0x8, 0xA, 0xFF];

    /// <summary>A header block: how many frames it spans, whether its last one ends it, and its frames' payload length.</summary>
    private static readonly Gen<(int Frames, bool Ended, int Payload, bool Push)> Block =
        Gen.Select(Gen.Frequency((4, Gen.Int[1, 6]), (1, Gen.Int[Max - 2, Max + 3])), Gen.Frequency((5, Gen.Const(true)), (1, Gen.Const(false))), Gen.Int[0, 40], Gen.Bool);

    private static readonly Gen<(int Chunk, int ConsumePercent)> Delivery = Gen.Select(Gen.Int[1, 700], Gen.Int[0, 100]);

    [Fact]
    public void Reader_WellFormedStreams_PassThroughAndStopExactlyAtAFlood() =>
        Gen.Select(Gen.Select(Block, Gen.Int[0, 3]).Array[0, 8], Delivery).Sample(
            t =>
            {
                var (blocks, delivery) = t;
                var bytes = new List<byte>(Preface);
                var flood = false;
                for (var b = 0; b < blocks.Length; b++)
                {
                    var ((frames, ended, payload, push), others) = blocks[b];
                    ended |= b < blocks.Length - 1; // only the last block may stay open
                    flood |= frames > Max;
                    for (var f = 0; f < frames; f++)
                    {
                        var last = f == frames - 1;
                        bytes.AddRange(Frame(f == 0 ? (push ? PushPromise : Headers) : Continuation, (byte)((last && ended ? EndHeaders : 0) | 0x1), payload));
                    }

                    for (var o = 0; ended && o < others; o++)
                    {
                        bytes.AddRange(Frame(Others[(b + o) % Others.Length], 0xFF, payload * 3));
                    }
                }

                var (output, flooded) = Pump([.. bytes], delivery.Chunk, delivery.ConsumePercent);
                Assert.Equal(flood, flooded);
                Assert.True(flooded ? bytes.Take(output.Length).SequenceEqual(output) : bytes.SequenceEqual(output));
            },
            iter: Mutations.Iterations(3_000));

    [Fact]
    public void Reader_RandomAndMutatedBytes_PassThroughOrStopWithAbort()
    {
        byte[] seed = [.. Preface, .. Frame(Headers, 0, 3), .. Frame(Continuation, 0, 0), .. Frame(Continuation, EndHeaders, 2), .. Frame(0, 1, 20)];
        Gen.Select(Mutations.Binary([seed, [.. Preface, .. Enumerable.Range(0, 40).SelectMany(_ => Frame(Continuation, 0, 0))]]), Delivery).Sample(
            t =>
            {
                var (bytes, delivery) = t;
                var (output, flooded) = Pump(bytes, delivery.Chunk, delivery.ConsumePercent);
                Assert.True(flooded ? bytes.Take(output.Length).SequenceEqual(output) : bytes.SequenceEqual(output));
            },
            iter: Mutations.Iterations(5_000));
    }

    [Fact]
    public void Reader_ConsumerTakesEachByteAsItArrives_StillCountsEveryFrame()
    {
        // Found by the fuzz test: consuming part of a frame header not yet complete made the next read throw
        // ArgumentOutOfRangeException. Kestrel consumes whole frames, but the guard must not depend on it.
        byte[] flood = [.. Preface, .. Frame(Headers, 0, 3), .. Enumerable.Range(0, Max).SelectMany(_ => Frame(Continuation, 0, 0))];

        var (output, flooded) = Pump(flood, chunk: 1, consumePercent: 100);

        Assert.True(flooded);
        Assert.Equal(flood.Length, output.Length + 1); // stopped at the last byte of the frame past the limit
    }

    /// <summary>What a reader of the guarded pipe got, and whether the guard stopped it.</summary>
    private static (byte[] Output, bool Flooded) Pump(byte[] bytes, int chunk, int consumePercent)
    {
        var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 0));
        var called = 0;
        var reader = new Http2FrameCountingReader(pipe.Reader, Max, () => called++);
        var output = new List<byte>();
        var at = 0;
        try
        {
            while (true)
            {
                var n = Math.Min(chunk, bytes.Length - at);
                pipe.Writer.Write(bytes.AsSpan(at, n));
                at += n;
                _ = pipe.Writer.FlushAsync().AsTask().Result;
                if (at == bytes.Length)
                {
                    pipe.Writer.Complete();
                }

                Assert.True(reader.TryRead(out var result));
                var take = result.IsCompleted ? result.Buffer.Length : result.Buffer.Length * consumePercent / 100;
                output.AddRange(result.Buffer.Slice(0, take).ToArray());
                reader.AdvanceTo(result.Buffer.GetPosition(take), result.Buffer.End);
                if (result.IsCompleted)
                {
                    return ([.. output], false);
                }
            }
        }
        catch (ConnectionAbortedException)
        {
            Assert.Equal(1, called);
            return ([.. output], true);
        }
    }

    private static byte[] Frame(byte type, byte flags, int length)
    {
        var frame = new byte[9 + length];
        frame[0] = (byte)(length >> 16);
        frame[1] = (byte)(length >> 8);
        frame[2] = (byte)length;
        frame[3] = type;
        frame[4] = flags;
        frame[8] = 1;
        return frame;
    }
}
