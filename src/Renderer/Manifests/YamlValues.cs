using System.Text;

namespace GitGateway.Renderer.Manifests;

/// <summary>
/// The string of a scalar value the subset reader reads, the same string as a recent value written the same way on
/// this thread when there is one: a repository writes <c>PathPrefix</c>, <c>8080</c>, <c>gateway-system</c>, its
/// team's namespace … in file after file (on the bench's repository 220,078 of 260,590 values repeat one of 3,667),
/// and each was a new string that lived as long as the tree. Each thread keeps at most <see cref="Slots"/> strings of at
/// most <see cref="MaxLength"/> characters (a value's slot is chosen by a hash of its bytes and holds the last value
/// with that hash), so what a hostile file can make it hold is bounded, and a value is compared byte for byte before
/// its string is reused: which values are kept never changes what is read.
/// </summary>
internal static class YamlValues
{
    /// <summary>Strings kept per thread (a power of two).</summary>
    public const int Slots = 2048;

    /// <summary>The longest value kept; a longer one is a new string each time.</summary>
    public const int MaxLength = 64;

    [ThreadStatic]
    private static string?[]? t_slots;

    /// <summary>The value written as the ASCII bytes <paramref name="ascii"/> (one character a byte) as a string.</summary>
    public static string Of(ReadOnlySpan<byte> ascii)
    {
        if (ascii.Length > MaxLength || ascii.IsEmpty)
        {
            return Encoding.Latin1.GetString(ascii);
        }

        var slots = t_slots ??= new string?[Slots];
        ref var slot = ref slots[Hash(ascii) & (Slots - 1)];
        if (slot is { } kept && kept.Length == ascii.Length && Ascii.Equals(ascii, kept))
        {
            return kept;
        }

        return slot = Encoding.Latin1.GetString(ascii);
    }

    // FNV-1a over the bytes: values are short, and only the slot depends on it.
    private static int Hash(ReadOnlySpan<byte> bytes)
    {
        var hash = 2166136261u;
        foreach (var b in bytes)
        {
            hash = (hash ^ b) * 16777619u;
        }

        return (int)(hash ^ (hash >> 15));
    }
}
