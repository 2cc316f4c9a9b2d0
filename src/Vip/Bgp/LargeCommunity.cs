using System.Globalization;

namespace GitGateway.Vip.Bgp;

/// <summary>A large community <c>global:local1:local2</c> (RFC 8092).</summary>
public readonly record struct LargeCommunity(uint GlobalAdmin, uint Local1, uint Local2)
{
    /// <summary>Parses <c>a:b:c</c>.</summary>
    public static bool TryParse(string text, out LargeCommunity value)
    {
        value = default;
        var parts = text.Split(':');
        if (parts.Length != 3
            || !uint.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var a)
            || !uint.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var b)
            || !uint.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var c))
        {
            return false;
        }

        value = new LargeCommunity(a, b, c);
        return true;
    }

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{GlobalAdmin}:{Local1}:{Local2}");
}
