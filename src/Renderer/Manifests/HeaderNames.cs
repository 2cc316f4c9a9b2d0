namespace GitGateway.Renderer.Manifests;

/// <summary>HTTP field names are tokens (RFC 9110 section 5.1 and 5.6.2).</summary>
internal static class HeaderNames
{
    private const string TokenSymbols = "!#$%&'*+-.^_`|~";

    /// <summary>Whether <paramref name="name"/> is a non-empty token of at most 256 characters.</summary>
    public static bool IsValid(string name) =>
        name.Length is > 0 and <= 256 && name.All(c => char.IsAsciiLetterOrDigit(c) || TokenSymbols.Contains(c, StringComparison.Ordinal));
}
