using System.Globalization;

namespace GitGateway.Fixtures.Echo;

/// <summary>Parses Go duration strings (<c>1s</c>, <c>500ms</c>, <c>1m30s</c>, <c>1.5s</c>) used by <c>?delay=</c>.</summary>
internal static class GoDuration
{
    private static readonly (string Unit, double Ms)[] Units =
    [
        ("ns", 1e-6), ("us", 1e-3), ("µs", 1e-3), ("ms", 1), ("s", 1000), ("m", 60_000), ("h", 3_600_000),
    ];

    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        double totalMs = 0;
        var i = 0;
        while (i < text.Length)
        {
            var start = i;
            while (i < text.Length && (char.IsAsciiDigit(text[i]) || text[i] == '.'))
            {
                i++;
            }

            if (start == i || !double.TryParse(text.AsSpan(start, i - start), NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                return false;
            }

            var unit = Units.Where(u => string.CompareOrdinal(text, i, u.Unit, 0, u.Unit.Length) == 0)
                .OrderByDescending(u => u.Unit.Length).FirstOrDefault();
            if (unit.Unit is null)
            {
                return false;
            }

            totalMs += value * unit.Ms;
            i += unit.Unit.Length;
        }

        duration = TimeSpan.FromMilliseconds(totalMs);
        return true;
    }
}
