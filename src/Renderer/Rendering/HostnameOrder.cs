namespace GitGateway.Renderer.Rendering;

/// <summary>Virtual hosts most specific first: exact names, then wildcards with the longest suffix, then <c>*</c>.</summary>
internal sealed class HostnameOrder : IComparer<string>
{
    public static HostnameOrder Instance { get; } = new();

    public int Compare(string? x, string? y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        var c = Rank(x).CompareTo(Rank(y));
        if (c != 0)
        {
            return c;
        }

        c = y.Length.CompareTo(x.Length);
        return c != 0 ? c : string.CompareOrdinal(x, y);
    }

    private static int Rank(string h) => h == "*" ? 2 : h.StartsWith("*.", StringComparison.Ordinal) ? 1 : 0;
}
