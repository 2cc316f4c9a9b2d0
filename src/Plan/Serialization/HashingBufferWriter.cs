using System.Buffers;
using System.Security.Cryptography;

namespace GitGateway.Plan.Serialization;

/// <summary>
/// A buffer writer that hashes what is written to it (SHA-256) and keeps none of it: the JSON writer fills one reused
/// buffer, and each <see cref="Advance"/> hashes the bytes written. Hashing a plan makes no array of its bytes
/// (at 10,000 routes that was 33 MiB allocated).
/// </summary>
internal sealed class HashingBufferWriter : IBufferWriter<byte>, IDisposable
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);

    /// <inheritdoc />
    public void Advance(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, _buffer.Length);
        _hash.AppendData(_buffer, 0, count);
    }

    /// <inheritdoc />
    public Memory<byte> GetMemory(int sizeHint = 0) => Ensure(sizeHint);

    /// <inheritdoc />
    public Span<byte> GetSpan(int sizeHint = 0) => Ensure(sizeHint);

    /// <summary>The hash of everything written, as <c>sha256:&lt;hex&gt;</c>.</summary>
    public string Hash() => "sha256:" + Convert.ToHexStringLower(_hash.GetHashAndReset());

    /// <inheritdoc />
    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
        _hash.Dispose();
    }

    private byte[] Ensure(int sizeHint)
    {
        if (sizeHint > _buffer.Length)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = ArrayPool<byte>.Shared.Rent(sizeHint);
        }

        return _buffer;
    }
}
