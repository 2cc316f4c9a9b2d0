using System.Runtime.InteropServices;
using GitGateway.Renderer.Rendering;

namespace GitGateway.Renderer.Tests.Rendering;

/// <summary>How <see cref="FileBytes"/> places the files a read from disk keeps.</summary>
public sealed class FileBytesTests
{
    [Fact]
    public void Keep_SmallFiles_FollowOneAnotherInOneBufferAndStartANewOneWhenFull()
    {
        var bytes = new FileBytes();
        var first = Fill(bytes, 1000, keep: 600, value: 1);
        var second = Fill(bytes, 2000, keep: 2000, value: 2);

        var (a, atA) = Segment(first);
        var (b, atB) = Segment(second);
        Assert.Same(a, b);
        Assert.Equal(FileBytes.ChunkBytes, a.Length);
        Assert.Equal((0, 600), (atA, atB)); // the room not kept is given back
        Assert.All(first.ToArray(), x => Assert.Equal(1, x));
        Assert.All(second.ToArray(), x => Assert.Equal(2, x));

        // Fill the rest of the buffer but 10 bytes (in files of at most a quarter of it, which share it): a file of 11
        // goes to a new one, and the first two are unchanged.
        for (var left = FileBytes.ChunkBytes - 2600 - 10; left > 0; left -= Math.Min(left, FileBytes.ChunkBytes / 4))
        {
            var size = Math.Min(left, FileBytes.ChunkBytes / 4);
            Assert.Same(a, Segment(Fill(bytes, size, keep: size, value: 3)).Array);
        }

        var next = Fill(bytes, 11, keep: 11, value: 4);
        var (c, atC) = Segment(next);
        Assert.NotSame(a, c);
        Assert.Equal(0, atC);
        Assert.All(first.ToArray(), x => Assert.Equal(1, x));
        Assert.All(second.ToArray(), x => Assert.Equal(2, x));
    }

    [Fact]
    public void Room_PastAQuarterOfABuffer_IsAnArrayOfItsOwnAndLeavesTheBufferAsItWas()
    {
        var bytes = new FileBytes();
        var small = Fill(bytes, 100, keep: 100, value: 1);
        var large = Fill(bytes, (FileBytes.ChunkBytes / 4) + 1, keep: 5000, value: 2);
        var after = Fill(bytes, 100, keep: 100, value: 3);

        var (own, atOwn) = Segment(large);
        Assert.Equal(((FileBytes.ChunkBytes / 4) + 1, 0, 5000), (own.Length, atOwn, large.Length));
        Assert.Equal(100, Segment(after).Offset);
        Assert.Same(Segment(small).Array, Segment(after).Array);
    }

    [Fact]
    public void Keep_MoreThanTheRoom_Throws()
    {
        var bytes = new FileBytes();
        var room = bytes.Room(10);
        Assert.Throws<ArgumentOutOfRangeException>(() => bytes.Keep(room, 11));
    }

    private static ReadOnlyMemory<byte> Fill(FileBytes bytes, int room, int keep, byte value)
    {
        var memory = bytes.Room(room);
        Assert.Equal(room, memory.Length);
        memory.Span[..keep].Fill(value);
        return bytes.Keep(memory, keep);
    }

    private static (byte[] Array, int Offset) Segment(ReadOnlyMemory<byte> memory)
    {
        Assert.True(MemoryMarshal.TryGetArray(memory, out var segment));
        return (segment.Array!, segment.Offset);
    }
}
