using System.Collections.Concurrent;

namespace GitGateway.Renderer.Manifests;

/// <summary>
/// One string per mapping key the subset reader meets often: a repository writes <c>name</c>, <c>path</c>,
/// <c>backendRefs</c> … in every document, and each was a new string. Bounded, since keys come from Git: at most
/// <see cref="MaxKeys"/> keys of at most <see cref="MaxLength"/> characters are kept (about 0.3 MB, give or take a key per thread adding at once); once full, or
/// for a longer key, a key is a new string as before. Which keys are kept never changes what is read.
/// </summary>
internal static class YamlKeys
{
    /// <summary>The most keys kept.</summary>
    public const int MaxKeys = 2048;

    /// <summary>The longest key kept.</summary>
    public const int MaxLength = 48;

    private static readonly ConcurrentDictionary<string, string> Known = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> ByText = Known.GetAlternateLookup<ReadOnlySpan<char>>();
    private static int _kept;

    /// <summary>The key written as the ASCII bytes <paramref name="ascii"/> (one character a byte), as <see cref="Of(ReadOnlySpan{char})"/>.</summary>
    public static string Of(ReadOnlySpan<byte> ascii)
    {
        if (ascii.Length > MaxLength)
        {
            return System.Text.Encoding.Latin1.GetString(ascii);
        }

        Span<char> text = stackalloc char[MaxLength];
        var length = System.Text.Encoding.Latin1.GetChars(ascii, text);
        return Of(text[..length]);
    }

    /// <summary>The key <paramref name="text"/> as a string, the kept one when there is one.</summary>
    public static string Of(ReadOnlySpan<char> text)
    {
        if (text.Length > MaxLength)
        {
            return text.ToString();
        }

        if (ByText.TryGetValue(text, out var known))
        {
            return known;
        }

        var key = text.ToString();
        if (Volatile.Read(ref _kept) < MaxKeys && Known.TryAdd(key, key))
        {
            Interlocked.Increment(ref _kept); // threads adding at once may each pass the bound by one key
        }

        return key;
    }
}
