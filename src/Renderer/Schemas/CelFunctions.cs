using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Cel;

namespace GitGateway.Renderer.Schemas;

/// <summary>
/// The functions of the Kubernetes CEL environment that the Gateway API rules call and the <c>Cel</c> library
/// does not have, or has in a form unsafe for hostile values:
/// <list type="bullet">
/// <item><c>isIP(string)</c> (Kubernetes' IP library): a strict IPv4 dotted quad or an IPv6 address, no zone.</item>
/// <item><c>matches(string, string)</c>: CEL regular expressions are RE2 (linear time); the library's would
/// backtrack, and a label key of a megabyte is ours to read, so it runs without backtracking.</item>
/// <item><c>substring(string, int)</c>: the CEL spec allows the start at the end of the string (<c>"*.".substring(2)</c>
/// is <c>""</c>); the library refuses it.</item>
/// </list>
/// </summary>
internal static class CelFunctions
{
    private static readonly ConcurrentDictionary<string, Regex> Patterns = new(StringComparer.Ordinal);

    /// <summary>Adds the functions to <paramref name="environment"/>.</summary>
    public static void Register(CelEnvironment environment)
    {
        Cel.Internal.CelStringHandlingFunctions.RegisterStringExtensionFunctions(environment);
        environment.RegisterFunction("isIP", [typeof(string)], args => IsIP((string)args[0]!));
        environment.RegisterFunction("matches", [typeof(string), typeof(string)], args => Matches((string)args[0]!, (string)args[1]!));
        environment.RegisterFunction("substring", [typeof(string), typeof(long)], args => Substring((string)args[0]!, (long)args[1]!));
    }

    /// <summary>Whether <paramref name="s"/> is an IP address as Kubernetes' <c>isIP</c> reads one.</summary>
    public static bool IsIP(string s)
    {
        if (s.Contains(':', StringComparison.Ordinal))
        {
            return !s.Contains('%', StringComparison.Ordinal) && IPAddress.TryParse(s, out var v6) && v6.AddressFamily == AddressFamily.InterNetworkV6;
        }

        var parts = s.Split('.');
        return parts.Length == 4 && parts.All(p => p.Length is > 0 and <= 3 && p.All(char.IsAsciiDigit)
            && (p.Length == 1 || p[0] != '0') && int.Parse(p, CultureInfo.InvariantCulture) <= 255);
    }

    /// <summary>Whether <paramref name="s"/> matches <paramref name="pattern"/>, without backtracking where it can.</summary>
    public static bool Matches(string s, string pattern) => Patterns.GetOrAdd(pattern, Compile).IsMatch(s);

    private static object Substring(string s, long start) =>
        start >= 0 && start <= s.Length ? s[(int)start..] : throw new ArgumentOutOfRangeException(nameof(start), "substring start is outside the string");

    private static Regex Compile(string pattern)
    {
        try
        {
            return new Regex(pattern, RegexOptions.CultureInvariant | RegexOptions.NonBacktracking);
        }
        catch (NotSupportedException)
        {
            return new Regex(pattern, RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));
        }
    }
}
