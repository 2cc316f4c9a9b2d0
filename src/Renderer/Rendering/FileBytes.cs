namespace GitGateway.Renderer.Rendering;

/// <summary>
/// Where one read from disk keeps the bytes of its files: one after another in a few large buffers, each file a slice
/// of one, instead of an array per file. The files live until the render ends, so 12,005 small arrays were copied by
/// the collector from generation to generation; a buffer of <see cref="ChunkBytes"/> sits in the large object heap,
/// which does not move it. A file larger than a quarter of a buffer gets an array of its own. Only the bytes a file
/// read are ever handed out, so the buffers need not be cleared. One reader at a time.
/// </summary>
internal sealed class FileBytes
{
    /// <summary>The size of one shared buffer (1 MiB: past the large object heap's threshold).</summary>
    public const int ChunkBytes = 1024 * 1024;

    private byte[] _chunk = [];
    private int _used;

    /// <summary>
    /// Room for <paramref name="length"/> bytes, to read a file into; the bytes read are then kept with
    /// <see cref="Keep"/>, before the next call.
    /// </summary>
    public Memory<byte> Room(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        if (length > ChunkBytes / 4)
        {
            return new byte[length];
        }

        if (_chunk.Length - _used < length)
        {
            _chunk = GC.AllocateUninitializedArray<byte>(ChunkBytes);
            _used = 0;
        }

        return _chunk.AsMemory(_used, length);
    }

    /// <summary>Keeps the first <paramref name="count"/> bytes of <paramref name="room"/> (the last <see cref="Room"/>): they are the file's.</summary>
    public ReadOnlyMemory<byte> Keep(Memory<byte> room, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, room.Length);
        if (room.Length <= ChunkBytes / 4)
        {
            _used += count;
        }

        return room[..count];
    }
}
