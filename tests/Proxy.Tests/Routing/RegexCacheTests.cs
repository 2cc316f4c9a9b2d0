using System.Net;
using GitGateway.Plan.Model;
using GitGateway.Plan.Serialization;
using GitGateway.Proxy.Forwarding;
using GitGateway.Proxy.Observability;
using GitGateway.Proxy.Routing;
using GitGateway.Proxy.Tests.Support;
using static GitGateway.Proxy.Tests.Support.Plans;

namespace GitGateway.Proxy.Tests.Routing;

/// <summary>Regular expressions: one matcher per distinct pattern, kept across swaps, bounded, safe under hostile input.</summary>
public sealed class RegexCacheTests
{
    private const string Hostile = "(a+)+b"; // the interpreter backtracks exponentially on "aaa…a!"
    private static readonly string HostileInput = new string('a', 40) + "!";

    private static RouteTableCompiler Compiler(RegexCache cache) =>
        new(BackendMap.Empty, new TlsMaterialCompiler(new CertificateStore(null)), null, TimeProvider.System, regexes: cache);

    private static RoutingPlan Routes(params (string Id, string Pattern)[] routes) =>
        Of(Http(80, Host("*", [.. routes.Select(r => Entry(r.Id, Regex(r.Pattern), Service("s")))])));

    private static RegexMatcher? MatcherOf(RouteTable table, string id) =>
        table.Port(80)!.Listeners[0].Hosts.Find("example.com")!.Entries.Single(e => e.Entry.Route.Name == id).PathRegex;

    [Fact]
    public void Match_InputWithATrailingLineBreak_NoMatch_InterpretedAndLinear()
    {
        // A full match: .NET's $ would also accept "admin\n", which a query value decoded from "admin%0A" is.
        var matcher = new RegexMatcher("admin|/api/v[0-9]+", new RegexCache());
        var interpreted = (matcher.Match("admin"), matcher.Match("admin\n"), matcher.Match("/api/v1\n"));
        for (var i = 0; i < RegexCache.HeatThreshold; i++)
        {
            matcher.Match("admin");
        }

        var linear = SpinWait.SpinUntil(() => matcher.IsLinear, TimeSpan.FromSeconds(60)); // built in the background once hot

        Assert.Equal((MatchAnswer.Yes, MatchAnswer.No, MatchAnswer.No), interpreted);
        Assert.True(linear);
        Assert.Equal((MatchAnswer.Yes, MatchAnswer.No, MatchAnswer.No), (matcher.Match("admin"), matcher.Match("admin\n"), matcher.Match("/api/v1\n")));
    }

    [Fact]
    public void Compile_PatternSharedBy1000Routes_IsOneMatcher()
    {
        var cache = new RegexCache();
        var plan = Routes([.. Enumerable.Range(0, 1000).Select(i => ($"r{i}", "/api/v[0-9]+/items"))]);

        var table = Compiler(cache).Compile(plan, "a");

        var matchers = table.Port(80)!.Listeners[0].Hosts.Find("example.com")!.Entries.Select(e => e.PathRegex).Distinct().ToList();
        Assert.Single(matchers);
        Assert.NotNull(matchers[0]);
        Assert.Equal(1, cache.Count);
        Assert.Equal(1, cache.Counters.Patterns);
    }

    [Fact]
    public void Compile_SwapThatKeepsARoute_KeepsItsMatcherAndDropsTheRemovedPattern()
    {
        var cache = new RegexCache();
        var compiler = Compiler(cache);
        var first = compiler.Compile(Routes(("kept", "/kept/[0-9]+"), ("gone", "/gone/[0-9]+")), "a");
        cache.Retain(first.RegexPatterns);

        var second = compiler.Compile(Routes(("kept", "/kept/[0-9]+"), ("new", "/new/[0-9]+")), "b");
        cache.Retain(second.RegexPatterns);

        Assert.Same(MatcherOf(first, "kept"), MatcherOf(second, "kept"));
        Assert.Equal(2, cache.Count);
        Assert.NotSame(MatcherOf(first, "gone"), MatcherOf(compiler.Compile(Routes(("gone", "/gone/[0-9]+")), "c"), "gone"));
    }

    [Fact]
    public void Compile_MoreDistinctPatternsThanTheBound_RefusedWithTheBoundInTheReason()
    {
        var plan = Routes([.. Enumerable.Range(0, RegexCache.MaxPatterns + 1).Select(i => ($"r{i}", $"/r{i}/[0-9]+"))]);

        var refused = Assert.Throws<RouteCompileException>(() => Compiler(new RegexCache()).Compile(plan, "a"));

        Assert.Contains($"more than {RegexCache.MaxPatterns} distinct regular expressions", refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("(?<=/)api", "a lookbehind")]
    [InlineData("/a(?=b)", "a lookahead")]
    [InlineData("/(a)\\1", "a backreference")]
    [InlineData("/(?>a+)", "an atomic group")]
    public void Compile_ConstructLinearMatchingCannotRun_RefusedNamingIt(string pattern, string construct)
    {
        var refused = Assert.Throws<RouteCompileException>(() => Compiler(new RegexCache()).Compile(Routes(("r", pattern)), "a"));

        Assert.Contains(construct, refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/v[0-9]+/(items|orders)/[a-z0-9-]+", true)]
    [InlineData("(?<name>[a-z]+)/(?'id'[0-9]+)", true)]
    [InlineData("(?i)/Api(?-i:/x)", true)]
    [InlineData("[(?=][\\1](?#(?=x)", true)]
    [InlineData("[a-z-[aeiou]]+\\.json", true)]
    [InlineData("\\p{L}+\\d{2,4}\\b", true)]
    [InlineData("(?<=/)api", false)]
    [InlineData("(?<!x)api", false)]
    [InlineData("api(?=/)", false)]
    [InlineData("api(?!/)", false)]
    [InlineData("(a)\\1", false)]
    [InlineData("(?<n>a)\\k<n>", false)]
    [InlineData("(?>a+)b", false)]
    [InlineData("(?(a)a|b)", false)]
    [InlineData("(?<o>a)(?<c-o>b)", false)]
    [InlineData("\\Ga", false)]
    public void FindUnsupported_AgreesWithTheLinearEngine(string pattern, bool linear)
    {
        var engine = true;
        try
        {
            _ = new System.Text.RegularExpressions.Regex(pattern, System.Text.RegularExpressions.RegexOptions.NonBacktracking);
        }
        catch (NotSupportedException)
        {
            engine = false;
        }

        Assert.Equal(linear, engine);
        Assert.Equal(linear, RegexConstructs.FindUnsupported(pattern) is null);
    }

    [Fact]
    public void Match_HostileInputTimesOutTheInterpreter_AnsweredByTheLinearAutomaton()
    {
        var cache = new RegexCache(new RegexCounters());
        var matcher = cache.Get(Hostile);

        Assert.Equal(MatchAnswer.No, matcher.Match(HostileInput));
        Assert.Equal(MatchAnswer.No, matcher.Match(HostileInput));
        Assert.Equal(MatchAnswer.Yes, matcher.Match("aaab"));

        Assert.Equal(1, cache.Counters.Timeouts);
        Assert.True(matcher.IsLinear);
        Assert.Equal(0, cache.Counters.Unanswered);
    }

    [Fact]
    public void Match_HostileInputWithTheLinearBudgetSpent_UnanswerableNotNoMatchAndCounted()
    {
        var cache = new RegexCache(new RegexCounters(), maxLinear: 0);
        var matcher = cache.Get(Hostile);

        Assert.Equal(MatchAnswer.Unanswerable, matcher.Match(HostileInput));

        Assert.False(matcher.IsLinear);
        Assert.Equal(1, cache.Counters.Timeouts);
        Assert.Equal(1, cache.Counters.Unanswered);
    }

    [Fact]
    public async Task Match_HotPatterns_BuiltLinearOnlyWithinTheBudget()
    {
        var cache = new RegexCache(new RegexCounters(), maxLinear: 1);
        var first = cache.Get("/first/[0-9]+");
        var second = cache.Get("/second/[0-9]+");

        for (var i = 0; i < RegexCache.HeatThreshold; i++)
        {
            Assert.Equal(MatchAnswer.Yes, first.Match("/first/1"));
        }

        for (var i = 0; i < 30_000 && !first.IsLinear; i++)
        {
            await Task.Delay(1, TestContext.Current.CancellationToken); // the build runs off the request path
        }

        for (var i = 0; i < RegexCache.HeatThreshold * 2; i++)
        {
            Assert.Equal(MatchAnswer.Yes, second.Match("/second/2"));
        }

        Assert.True(first.IsLinear);
        Assert.False(second.IsLinear);
        Assert.Equal(1, cache.Counters.Linear);
        Assert.Equal(MatchAnswer.Yes, first.Match("/first/22"));
        Assert.Equal(MatchAnswer.No, first.Match("/first/x"));
    }

    [Fact]
    public void Match_TriedButNeverMatching_NotBuiltLinear()
    {
        var cache = new RegexCache(new RegexCounters(), maxLinear: 1);
        var matcher = cache.Get("/never/[0-9]+");

        for (var i = 0; i < RegexCache.HeatThreshold * 2; i++)
        {
            Assert.Equal(MatchAnswer.No, matcher.Match("/other/1"));
        }

        Assert.False(matcher.IsLinear);
        Assert.Equal(0, cache.Counters.Linear);
    }

    [Fact]
    public async Task Apply_PlanOverTheRegexBound_RefusedWithReasonAndTheLastGoodKeepsServing()
    {
        await using var v1 = await EchoBackend.StartAsync("v1");
        await using var proxy = await ProxyHost.StartAsync(ProxyHost.Backends(v1), [80]);
        var good = Of(Http(80, Host("*", Entry("r", Regex("/v[0-9]+"), Service("v1")))));
        await proxy.ApplyAsync(good);
        var tooMany = Of(Http(80, Host("*", [.. Enumerable.Range(0, RegexCache.MaxPatterns + 1).Select(i => Entry($"r{i}", Regex($"/r{i}/[0-9]+"), Service("v1")))])));

        var report = await proxy.Node.ApplyAsync(tooMany, TestContext.Current.CancellationToken);
        using var client = proxy.Client(80);

        Assert.False(report.Accepted);
        Assert.Contains("distinct regular expressions", report.Error, StringComparison.Ordinal);
        Assert.Equal(PlanJson.Hash(good), proxy.Node.Tables.Current.Hash);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/v2", TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(1, proxy.Node.Metrics.Regexes.Patterns);
    }
}
