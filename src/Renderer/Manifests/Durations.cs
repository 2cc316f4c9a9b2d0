using System.Text.RegularExpressions;

namespace GitGateway.Renderer.Manifests;

/// <summary>
/// Gateway API durations (GEP-2257): one to four <c>&lt;number&gt;&lt;unit&gt;</c> parts, units h, m, s, ms,
/// numbers of at most five digits, e.g. <c>1h30m</c>, <c>500ms</c>. See https://gateway-api.sigs.k8s.io/geps/gep-2257/.
/// </summary>
internal static partial class Durations
{
    /// <summary>Parses to milliseconds, or null when the text is not a Gateway API duration.</summary>
    public static long? ParseMs(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!Gep2257().IsMatch(text))
        {
            return null;
        }

        long total = 0;
        foreach (Match part in Part().Matches(text))
        {
            var n = long.Parse(part.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            total += part.Groups[2].Value switch
            {
                "h" => n * 3_600_000,
                "m" => n * 60_000,
                "s" => n * 1_000,
                _ => n,
            };
        }

        return total;
    }

    [GeneratedRegex("^([0-9]{1,5}(h|m|s|ms)){1,4}\\z")]
    private static partial Regex Gep2257();

    [GeneratedRegex("([0-9]{1,5})(ms|h|m|s)")]
    private static partial Regex Part();
}
