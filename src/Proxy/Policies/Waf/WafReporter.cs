using GitGateway.Proxy.Observability;

namespace GitGateway.Proxy.Policies.Waf;

/// <summary>
/// Logs and counts what the WAF found: one log line per policy that scored (the matched rule ids, the score
/// against the threshold, and whether it blocked), <c>gitgateway_waf_matches_total{route,rule}</c> per matched
/// rule and <c>gitgateway_waf_blocked_total{route}</c> per block.
/// </summary>
internal sealed partial class WafReporter(ProxyMetrics metrics, ILogger<WafReporter> logger)
{
    public void Report(string route, WafFindings findings, IReadOnlyList<WafPolicy> policies, bool blocked)
    {
        var rules = findings.Rules();
        foreach (var rule in rules)
        {
            metrics.WafMatched(route, rule.Id);
        }

        if (blocked)
        {
            metrics.WafBlocked(route);
        }

        foreach (var policy in policies)
        {
            var score = findings.Score(policy.ParanoiaLevel);
            if (score == 0)
            {
                continue;
            }

            var ids = string.Join(',', rules.Where(r => r.ParanoiaLevel <= policy.ParanoiaLevel).Select(r => r.Id));
            if (policy.Blocks(score))
            {
                LogBlocked(logger, policy.Id, route, score, policy.AnomalyThreshold, ids);
            }
            else
            {
                LogDetected(logger, policy.Id, route, score, policy.AnomalyThreshold, policy.Prevention ? "prevention" : "detection", ids);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "WAF {Policy} blocked a request to {Route}: score {Score} >= {Threshold}, rules {Rules}")]
    private static partial void LogBlocked(ILogger logger, string policy, string route, int score, int threshold, string rules);

    [LoggerMessage(Level = LogLevel.Information, Message = "WAF {Policy} ({Mode}) passed a request to {Route}: score {Score}, threshold {Threshold}, rules {Rules}")]
    private static partial void LogDetected(ILogger logger, string policy, string route, int score, int threshold, string mode, string rules);
}
