using System.Text;

namespace GitGateway.Proxy.Forwarding.Http1;

/// <summary>
/// The response header values of a connection's previous answer, by field position: a backend sends the same
/// Server, Content-Type and often Content-Length on every answer, so a value whose bytes equal the string kept for
/// its position is that string again instead of a new one. Values are Latin-1 (obs-text passes byte for byte);
/// a value with such a byte is simply decoded anew (the comparison is ASCII).
/// </summary>
internal sealed class Http1ValueCache
{
    /// <summary>Positions kept; a head with more fields decodes the rest each time.</summary>
    public const int Slots = 16;

    /// <summary>A value longer than this is decoded each time rather than compared.</summary>
    public const int MaxValueLength = 128;

    private readonly string?[] _values = new string?[Slots];

    public string Get(int position, ReadOnlySpan<byte> value)
    {
        if (position >= Slots || value.Length > MaxValueLength)
        {
            return Encoding.Latin1.GetString(value);
        }

        if (_values[position] is { } kept && kept.Length == value.Length && Ascii.Equals(value, kept))
        {
            return kept;
        }

        var decoded = Encoding.Latin1.GetString(value);
        _values[position] = decoded;
        return decoded;
    }
}
