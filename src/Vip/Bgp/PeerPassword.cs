namespace GitGateway.Vip.Bgp;

/// <summary>
/// A TCP MD5 key (RFC 2385) for one peer: at most 80 bytes (Linux <c>TCP_MD5SIG_MAXKEYLEN</c>). Compared by value, so
/// re-reading an unchanged secret does not restart the session; never printed.
/// </summary>
public sealed class PeerPassword : IEquatable<PeerPassword>
{
    /// <summary>The longest key the kernel takes.</summary>
    public const int MaxLength = 80;

    private readonly byte[] _key;

    /// <summary>Wraps <paramref name="key"/> (copied); 1 to <see cref="MaxLength"/> bytes.</summary>
    public PeerPassword(ReadOnlySpan<byte> key)
    {
        if (key.IsEmpty || key.Length > MaxLength)
        {
            throw new ArgumentOutOfRangeException(nameof(key), $"a TCP MD5 key has 1 to {MaxLength} bytes");
        }

        _key = key.ToArray();
    }

    /// <summary>The key bytes.</summary>
    public ReadOnlySpan<byte> Key => _key;

    /// <inheritdoc />
    public bool Equals(PeerPassword? other) => other is not null && _key.AsSpan().SequenceEqual(other._key);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as PeerPassword);

    /// <inheritdoc />
    public override int GetHashCode() => _key.Length;

    /// <inheritdoc />
    public override string ToString() => "(redacted)";
}
