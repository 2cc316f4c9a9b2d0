using System.Buffers.Binary;

namespace GitGateway.Vip.Bgp;

/// <summary>A growable big-endian buffer for encoding messages.</summary>
internal sealed class ByteWriter
{
    private byte[] _buffer = new byte[64];

    public int Length { get; private set; }

    public void Byte(byte value)
    {
        Ensure(1);
        _buffer[Length++] = value;
    }

    public void UInt16(ushort value)
    {
        Ensure(2);
        BinaryPrimitives.WriteUInt16BigEndian(_buffer.AsSpan(Length), value);
        Length += 2;
    }

    public void UInt32(uint value)
    {
        Ensure(4);
        BinaryPrimitives.WriteUInt32BigEndian(_buffer.AsSpan(Length), value);
        Length += 4;
    }

    public void Bytes(ReadOnlySpan<byte> value)
    {
        Ensure(value.Length);
        value.CopyTo(_buffer.AsSpan(Length));
        Length += value.Length;
    }

    /// <summary>Writes a big-endian 16-bit value at an earlier position (a length known only afterwards).</summary>
    public void PatchUInt16(int position, ushort value) => BinaryPrimitives.WriteUInt16BigEndian(_buffer.AsSpan(position), value);

    public void PatchByte(int position, byte value) => _buffer[position] = value;

    public ReadOnlySpan<byte> Written => _buffer.AsSpan(0, Length);

    public byte[] ToArray() => _buffer.AsSpan(0, Length).ToArray();

    private void Ensure(int extra)
    {
        if (Length + extra > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, Length + extra));
        }
    }
}
