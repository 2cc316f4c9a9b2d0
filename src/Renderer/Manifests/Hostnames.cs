using System.Text.RegularExpressions;

using GitGateway.Renderer.Diagnostics;

namespace GitGateway.Renderer.Manifests;

/// <summary>
/// Hostname rules of Gateway API (<c>Hostname</c> type): an RFC 1123 DNS subdomain, optionally prefixed by a
/// single <c>*.</c> label; no IP addresses, no port, at most 253 characters.
/// See https://gateway-api.sigs.k8s.io/reference/spec/#hostname.
/// </summary>
internal static partial class Hostnames
{
    /// <summary>Returns null when valid, otherwise a message saying how to fix it.</summary>
    public static string? Validate(string hostname, bool allowWildcard)
    {
        ArgumentNullException.ThrowIfNull(hostname);
        if (hostname.Length is 0 or > 253)
        {
            return $"hostname '{DisplayText.Shorten(hostname, 81)}' must be 1 to 253 characters long";
        }

        var rest = hostname;
        if (hostname.StartsWith("*.", StringComparison.Ordinal))
        {
            if (!allowWildcard)
            {
                return $"hostname '{hostname}' may not be a wildcard here";
            }

            rest = hostname[2..];
        }

        if (System.Net.IPAddress.TryParse(hostname, out _))
        {
            return $"hostname '{hostname}' is an IP address; use a DNS name (IP addresses are not hostnames in Gateway API)";
        }

        if (!Rfc1123Subdomain().IsMatch(rest))
        {
            return $"hostname '{DisplayText.Shorten(hostname, 81)}'{AsciiForm(hostname)} is not a valid DNS name: use lowercase letters, digits, '-' and '.', "
                + "labels of at most 63 characters that start and end with a letter or digit, and at most a leading '*.'";
        }

        return null;
    }

    /// <summary>Whether <paramref name="host"/> (exact or wildcard) lies within <paramref name="pattern"/> (exact or <c>*.suffix</c>).</summary>
    public static bool IsWithin(string host, string pattern)
    {
        if (string.Equals(host, pattern, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (!pattern.StartsWith("*.", StringComparison.Ordinal))
        {
            return false;
        }

        // Spans, not substrings: the ownership check asks this millions of times in a large repository.
        var suffix = pattern.AsSpan(1);
        var h = host.StartsWith("*.", StringComparison.Ordinal) ? host.AsSpan(1) : host.AsSpan();
        return h.Length > suffix.Length && h.EndsWith(suffix, StringComparison.OrdinalIgnoreCase);
    }


    /// <summary>
    /// For a hostname that is not all ASCII, its IDNA (punycode) form, so a look-alike letter (a Cyrillic <c>о</c> in
    /// <c>shоp.example.com</c>) shows as what it is; empty otherwise.
    /// </summary>
    private static string AsciiForm(string hostname)
    {
        if (System.Text.Ascii.IsValid(hostname))
        {
            return "";
        }

        try
        {
            return $" ({new System.Globalization.IdnMapping().GetAscii(hostname)}: not all ASCII)";
        }
        catch (ArgumentException)
        {
            return " (not all ASCII)";
        }
    }

    // \z, not $: $ also matches before a final line break, which would let "shop.example.com\n" through.
    [GeneratedRegex("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)*\\z", RegexOptions.CultureInvariant)]
    private static partial Regex Rfc1123Subdomain();
}
