using GitGateway.Plan.Model;

namespace GitGateway.Renderer.Policies;

/// <summary>
/// Says whether a route policy weakens an enforced gateway policy of the same type (CRDS.md, ProxyPolicy:
/// a route policy may only tighten an enforced gateway-wide control). Only WAF has settings that can be
/// weaker; for the other types both policies apply, which is always at least as strict as the gateway's.
/// </summary>
internal static class PolicyStrength
{
    /// <summary>How <paramref name="route"/> weakens <paramref name="gateway"/>, or null when it does not.</summary>
    public static string? Weakens(AppliedPolicy route, AppliedPolicy gateway)
    {
        ArgumentNullException.ThrowIfNull(route);
        ArgumentNullException.ThrowIfNull(gateway);
        if (route.Waf is not { } r || gateway.Waf is not { } g || !g.Enabled)
        {
            return null;
        }

        if (!r.Enabled)
        {
            return "it disables the WAF";
        }

        if (g.Mode == "prevention" && r.Mode != "prevention")
        {
            return $"it sets mode {r.Mode} where the gateway blocks (prevention)";
        }

        if (r.ParanoiaLevel < g.ParanoiaLevel)
        {
            return $"it lowers paranoiaLevel from {g.ParanoiaLevel} to {r.ParanoiaLevel}";
        }

        return r.AnomalyThreshold > g.AnomalyThreshold
            ? $"it raises anomalyThreshold from {g.AnomalyThreshold} to {r.AnomalyThreshold}"
            : null;
    }
}
