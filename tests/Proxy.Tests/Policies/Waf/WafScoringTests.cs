using GitGateway.Plan.Model;
using GitGateway.Proxy.Policies.Waf;
using static GitGateway.Proxy.Tests.Policies.Waf.WafRequests;
using static GitGateway.Proxy.Tests.Support.Plans;

namespace GitGateway.Proxy.Tests.Policies.Waf;

/// <summary>Paranoia levels, anomaly thresholds and the two modes.</summary>
public sealed class WafScoringTests
{
    [Theory]
    [InlineData("/p?q=%3Cb%3Ebold%3C/b%3E", 2, 140160)] // any tag
    [InlineData("/p?q=(a)", 4, 150202)] // two SQL special characters
    [InlineData("/p?q=a;b;c()[]%7B%7D", 3, 150201)] // six of them
    [InlineData("/p?q=x&y=1/*", 3, 150210)] // a comment opener
    [InlineData("/p?note=%60git%20status%60", 2, 130170)] // backtick substitution
    public async Task Inspect_RuleOfLevelN_ScoresOnlyFromLevelN(string target, int level, int rule)
    {
        var below = await InspectAsync(Get(target), level - 1);
        var at = await InspectAsync(Get(target), level);

        Assert.DoesNotContain(rule, below.Rules);
        Assert.Contains(rule, at.Rules);
        Assert.True(at.Score > below.Score);
    }

    [Fact]
    public async Task Inspect_MissingUserAgentAndAccept_NoticesAtLevels2And3()
    {
        var context = Get("/");
        context.Request.Headers.UserAgent = default;
        context.Request.Headers.Accept = default;

        Assert.Equal(0, (await InspectAsync(context, 1)).Score);
        Assert.Equal(2, (await InspectAsync(context, 2)).Score);
        Assert.Equal(4, (await InspectAsync(context, 3)).Score);
    }

    [Fact]
    public void Score_FindingsOfSeveralLevels_SumsOnlyLevelsUpToAsked()
    {
        var findings = default(WafFindings);
        var critical1 = WafRuleCatalog.All.First(r => r.ParanoiaLevel == 1 && r.Severity == WafSeverity.Critical);
        var warning3 = WafRuleCatalog.All.First(r => r.ParanoiaLevel == 3 && r.Severity == WafSeverity.Warning);
        findings.Add(critical1);
        findings.Add(warning3);
        findings.Add(critical1);

        Assert.Equal(5, findings.Score(1));
        Assert.Equal(5, findings.Score(2));
        Assert.Equal(8, findings.Score(3));
        Assert.Equal(2, findings.Count);
    }

    [Theory]
    [InlineData("prevention", 5, true)] // one critical (5) reaches 5
    [InlineData("prevention", 6, false)] // … but not 6
    [InlineData("PREVENTION", 5, true)]
    [InlineData("detection", 1, false)] // detection never blocks
    public async Task Blocks_OneCriticalMatch_DependsOnModeAndThreshold(string mode, int threshold, bool blocked)
    {
        var guard = Guard(Policy("p", true, mode, 1, threshold));

        Assert.Equal(blocked, await guard.BlocksAsync(Get("/items?id=1'%20OR%20'1'='1"), "route"));
    }

    [Fact]
    public async Task Blocks_TwoCriticalMatches_ReachThresholdTen()
    {
        var guard = Guard(Policy("p", true, "prevention", 1, 10));

        Assert.False(await guard.BlocksAsync(Get("/items?id=1'%20OR%20'1'='1"), "route"));
        Assert.True(await guard.BlocksAsync(Get("/items?id=1'%20OR%20'1'='1&f=../../etc/passwd"), "route"));
    }

    [Fact]
    public async Task Blocks_BenignRequestUnderPrevention_IsFalse()
    {
        var guard = Guard(Policy("p", true, "prevention", 1, 1));

        Assert.False(await guard.BlocksAsync(Get("/search?q=O%27Brien"), "route"));
    }

    [Fact]
    public void Create_DisabledOrNoWafPolicy_IsNull()
    {
        var disabled = Policy("off", false, "prevention", 4, 1);
        var other = new AppliedPolicy("proxypolicy/infra/rl", PolicyType.RateLimit, PolicyOrigin.Route, false, Mark, RateLimit: new RateLimitSettings(1, 1, "source-ip"));

        Assert.Null(WafGuard.Create([disabled, other], null));
    }

    [Fact]
    public async Task Blocks_GatewayDetectionAndRoutePrevention_RoutePolicyLevelAndThresholdDecide()
    {
        var guard = Guard(Policy("gw", true, "detection", 1, 5), Policy("route", true, "prevention", 2, 4));
        var tag = Get("/p?q=%3Cb%3Ebold%3C/b%3E"); // one level-2 error (4)

        Assert.Equal(2, guard.Level);
        Assert.True(await guard.BlocksAsync(tag, "route"));
    }

    private static WafGuard Guard(params AppliedPolicy[] policies) => WafGuard.Create(policies, null)!;

    private static AppliedPolicy Policy(string name, bool enabled, string mode, int level, int threshold) =>
        new($"proxypolicy/infra/{name}", PolicyType.WAF, PolicyOrigin.Route, false, Mark, Waf: new WafSettings(enabled, mode, level, threshold));
}
