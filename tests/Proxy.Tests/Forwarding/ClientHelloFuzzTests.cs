using System.Buffers;
using System.Net.Security;
using System.Text;
using CsCheck;
using GitGateway.Proxy.Forwarding;
using GitGateway.Proxy.Tests.Support;

namespace GitGateway.Proxy.Tests.Forwarding;

/// <summary>
/// The SNI peek of a TLS passthrough listener reads the first bytes of any client. Whatever they are, it answers
/// NeedMore only while the first record is incomplete, never throws, and gives the same answer however the bytes
/// were split into segments and however many arrive after the first record (the listener peeks as bytes come).
/// </summary>
public sealed class ClientHelloFuzzTests
{
    private static readonly byte[] Real = CaptureClientHello("passthrough.example.test");

    private static readonly byte[][] Seeds =
    [
        Real,
        Hello(Extension(0, ServerNameList((0, "a.example.test")))),
        Hello(Extension(0x2B, [2, 3, 4]), Extension(0, ServerNameList((1, "not-a-host"), (0, "b.example.test")))),
        Hello(),
        [.. Hello(Extension(0, ServerNameList((0, "c.example.test")))), 0x17, 3, 3, 0, 1, 0],
    ];

    [Fact]
    public void ClientHello_RealHandshake_ItsServerNameIsRead()
    {
        Assert.Equal(ClientHelloReader.Result.Done, ClientHelloReader.TryRead(new ReadOnlySequence<byte>(Real), out var name));
        Assert.Equal("passthrough.example.test", name);
    }

    [Fact]
    public void TryRead_RandomBytes_NeedMoreOnlyForAnIncompleteRecord() =>
        Gen.Frequency((1, Gen.Byte.Array[0, 300]), (3, Gen.Byte.Array[0, 300].Select(b => (byte[])[0x16, 3, .. b])))
            .Sample(Check, iter: Mutations.Iterations(20_000));

    [Fact]
    public void TryRead_MutatedClientHellos_NeedMoreOnlyForAnIncompleteRecord() =>
        Mutations.Binary(Seeds).Sample(Check, iter: Mutations.Iterations(20_000));

    [Fact]
    public void TryRead_SplitIntoSegmentsOrCutShort_AnswersAsForTheWhole() =>
        Gen.Select(Mutations.Binary(Seeds), Gen.Int[1, 64], Gen.Double[0, 1]).Sample(
            t =>
            {
                var (bytes, segment, cut) = t;
                var whole = ClientHelloReader.TryRead(new ReadOnlySequence<byte>(bytes), out var name);

                Assert.Equal((whole, name), (ClientHelloReader.TryRead(Segments(bytes, segment), out var split), split));
                var prefix = ClientHelloReader.TryRead(new ReadOnlySequence<byte>(bytes, 0, (int)(cut * bytes.Length)), out var early);
                Assert.True(prefix == ClientHelloReader.Result.NeedMore || (prefix, early) == (whole, name), $"a prefix answered {prefix} {early}, the whole {whole} {name}");
            },
            iter: Mutations.Iterations(10_000));

    private static void Check(byte[] bytes)
    {
        var result = ClientHelloReader.Result.NotTls;
        string? name = null;
        AllocationBudget.Check(bytes.Length, () => result = ClientHelloReader.TryRead(new ReadOnlySequence<byte>(bytes), out name), perInputByte: 8, fixedBytes: 1024);
        var recordEnd = bytes.Length < 5 ? int.MaxValue : 5 + ((bytes[3] << 8) | bytes[4]);
        var needMore = bytes.Length < 5 || (bytes[0] == 0x16 && bytes[1] == 3 && bytes.Length < recordEnd);
        Assert.Equal(needMore, result == ClientHelloReader.Result.NeedMore);
        Assert.True(name is null || (result == ClientHelloReader.Result.Done && name.Length < recordEnd), $"{result} with name {name}");
    }

    /// <summary>The first flight of a real TLS client (.NET's, over OpenSSL here): what a passthrough listener sees.</summary>
    private static byte[] CaptureClientHello(string host)
    {
        var capture = new FirstWrite();
        using var tls = new SslStream(capture);
        try
        {
            tls.AuthenticateAsClient(new SslClientAuthenticationOptions { TargetHost = host });
        }
        catch (Exception e) when (e is IOException or System.Security.Authentication.AuthenticationException)
        {
            // no server answers: the hello is all that was wanted
        }

        return capture.Written.ToArray();
    }

    private static byte[] Hello(params byte[][] extensions)
    {
        byte[] all = [.. extensions.SelectMany(e => e)];
        byte[] body = [3, 3, .. new byte[32], 0, 0, 2, 0x13, 0x01, 1, 0, .. (extensions.Length == 0 ? [] : Length2(all))];
        byte[] handshake = [1, 0, (byte)(body.Length >> 8), (byte)body.Length, .. body];
        return [0x16, 3, 1, .. Length2(handshake)];
    }

    private static byte[] Extension(int type, byte[] value) => [(byte)(type >> 8), (byte)type, .. Length2(value)];

    private static byte[] ServerNameList(params (byte Type, string Name)[] names) =>
        Length2([.. names.SelectMany(n => (byte[])[n.Type, .. Length2(Encoding.ASCII.GetBytes(n.Name))])]);

    private static byte[] Length2(byte[] value) => [(byte)(value.Length >> 8), (byte)value.Length, .. value];

    private static ReadOnlySequence<byte> Segments(byte[] bytes, int size)
    {
        if (bytes.Length == 0)
        {
            return ReadOnlySequence<byte>.Empty;
        }

        var first = new Segment(bytes.AsMemory(0, Math.Min(size, bytes.Length)), 0);
        var last = first;
        for (var at = size; at < bytes.Length; at += size)
        {
            last = last.Append(bytes.AsMemory(at, Math.Min(size, bytes.Length - at)));
        }

        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }

    /// <summary>Keeps what the client writes and answers every read with end of stream.</summary>
    private sealed class FirstWrite : Stream
    {
        public MemoryStream Written { get; } = new();

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => 0;

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => Written.Write(buffer, offset, count);
    }
}
