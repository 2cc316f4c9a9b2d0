using GitGateway.Plan.Model;

namespace GitGateway.Proxy.Policies.Waf;

/// <summary>One WAF ProxyPolicy in force on a route entry (CRDS.md: <c>waf: {enabled, mode, paranoiaLevel, anomalyThreshold}</c>).</summary>
/// <param name="Prevention"><c>mode: prevention</c> answers 403 at the threshold; detection only logs and counts.</param>
internal sealed record WafPolicy(string Id, bool Prevention, int ParanoiaLevel, int AnomalyThreshold)
{
    /// <summary>The compiled policy, or null for <c>enabled: false</c>.</summary>
    public static WafPolicy? From(string id, WafSettings settings) => settings.Enabled
        ? new WafPolicy(id, string.Equals(settings.Mode, "prevention", StringComparison.OrdinalIgnoreCase), Math.Clamp(settings.ParanoiaLevel, 1, 4), Math.Max(1, settings.AnomalyThreshold))
        : null;

    public bool Blocks(int score) => Prevention && score >= AnomalyThreshold;
}
