using System.Net;
using GitGateway.Plan.Model;
using GitGateway.Proxy.Forwarding;
using GitGateway.Proxy.Observability;
using GitGateway.Proxy.Routing;
using GitGateway.Proxy.Tests.Support;
using Microsoft.AspNetCore.Http;
using static GitGateway.Proxy.Tests.Support.Plans;

namespace GitGateway.Proxy.Tests.Routing;

/// <summary>
/// A regular expression that cannot answer (its interpreter timed out and the linear budget is spent) refuses the
/// request with 503: it never counts as "no match", which would route the request to a later, less strict entry.
/// </summary>
public sealed class RegexFailClosedTests
{
    private const string Hostile = "(a+)+b"; // the interpreter backtracks exponentially on "aaa…a!"
    private static readonly string HostileInput = new string('a', 40) + "!";

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static (RouteTable Table, RegexCounters Counters) Compile(params RouteEntry[] entries)
    {
        var cache = new RegexCache(new RegexCounters(), maxLinear: 0) { MatchTimeout = TimeSpan.FromMilliseconds(20) };
        var compiler = new RouteTableCompiler(BackendMap.Empty, new TlsMaterialCompiler(new CertificateStore(null)), null, TimeProvider.System, regexes: cache);
        return (compiler.Compile(Of(Http(80, Host("*", entries))), "test"), cache.Counters);
    }

    private static RouteSelection Select(RouteTable table, string path, string method = "GET", string? query = null, params (string Name, string Value)[] headers)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = method;
        context.Request.Path = path;
        context.Request.Headers.Host = "example.com";
        context.Request.QueryString = query is null ? QueryString.Empty : new QueryString(query);
        foreach (var (name, value) in headers)
        {
            context.Request.Headers.Append(name, value);
        }

        return RouteSelector.Select(table, 80, context, tls: false);
    }

    private static RouteEntry Guarded(string id, PathMatch path, StringMatch[]? headers = null, StringMatch[]? query = null, string? method = null, string backend = "s") =>
        Entry(id, new RouteMatch(path, method, [.. headers ?? []], [.. query ?? []]), default, Service(backend));

    private static string Outcome(RouteSelection selection) =>
        selection.Entry?.Entry.Route.Name ?? $"{selection.Status}{(selection.Unanswerable ? " unanswerable" : "")}";

    [Fact]
    public void Select_PathRegexUnanswerableBeforeAMatchingRoute_503NotTheLaterRoute()
    {
        var (table, counters) = Compile(Entry("waf", Regex("/" + Hostile), Service("s")), Entry("open", Prefix("/"), Service("s")));

        var refused = Select(table, "/" + HostileInput);

        Assert.Equal("503 unanswerable", Outcome(refused));
        Assert.Equal(1, counters.Unanswered);
        Assert.Equal("waf", Outcome(Select(table, "/aab")));
        Assert.Equal("open", Outcome(Select(table, "/other")));
    }

    [Fact]
    public void Select_HeaderRegexUnanswerableBeforeAMatchingRoute_503NotTheLaterRoute()
    {
        var (table, _) = Compile(
            Guarded("waf", Prefix("/"), headers: [new StringMatch(MatchKind.RegularExpression, "X-Token", Hostile)]),
            Entry("open", Prefix("/"), Service("s")));

        Assert.Equal("503 unanswerable", Outcome(Select(table, "/", headers: [("X-Token", HostileInput)])));
        Assert.Equal("waf", Outcome(Select(table, "/", headers: [("X-Token", "ab"), ("X-Token", HostileInput)])));
        Assert.Equal("open", Outcome(Select(table, "/", headers: [("X-Token", "c")])));
    }

    [Fact]
    public void Select_NameRepeatedWithHostileValues_OneTimeoutThen503()
    {
        var (table, counters) = Compile(
            Guarded("waf", Prefix("/"), query: [new StringMatch(MatchKind.RegularExpression, "q", Hostile)]),
            Entry("open", Prefix("/"), Service("s")));

        var refused = Select(table, "/", query: "?" + string.Join('&', Enumerable.Repeat("q=" + HostileInput, 50)) + "&q=ab");

        Assert.Equal("503 unanswerable", Outcome(refused));
        Assert.Equal(1, counters.Timeouts); // not one per repeated value: each costs the whole match timeout
    }

    [Fact]
    public void Select_QueryRegexUnanswerableBeforeAMatchingRoute_503NotTheLaterRoute()
    {
        var (table, _) = Compile(
            Guarded("waf", Prefix("/"), query: [new StringMatch(MatchKind.RegularExpression, "q", Hostile)]),
            Entry("open", Prefix("/"), Service("s")));

        Assert.Equal("503 unanswerable", Outcome(Select(table, "/", query: "?q=" + HostileInput)));
        Assert.Equal("waf", Outcome(Select(table, "/", query: $"?q=ab&q={HostileInput}")));
        Assert.Equal("open", Outcome(Select(table, "/", query: "?q=c")));
    }

    [Fact]
    public void Select_MatchingRouteRankedBeforeTheUnanswerableOne_StillServed()
    {
        var (table, _) = Compile(
            Entry("first", Exact("/" + HostileInput), Service("s")),
            Entry("waf", Regex("/" + Hostile), Service("s")),
            Entry("open", Prefix("/"), Service("s")));

        Assert.Equal("first", Outcome(Select(table, "/" + HostileInput)));
    }

    [Fact]
    public void Select_UnanswerableEntryAnotherConditionRulesOut_NextRouteServes()
    {
        var (table, counters) = Compile(
            Guarded("post-only", Regex("/" + Hostile), method: "POST"),
            Guarded("teams-only", Regex("/" + Hostile), headers: [new StringMatch(MatchKind.Exact, "X-Team", "a")]),
            Entry("open", Prefix("/"), Service("s")));

        Assert.Equal("open", Outcome(Select(table, "/" + HostileInput)));
        Assert.Equal(1, counters.Unanswered); // the method ruled the first out before its pattern ran
        Assert.Equal("503 unanswerable", Outcome(Select(table, "/" + HostileInput, headers: [("X-Team", "a")])));
    }

    [Fact]
    public async Task Proxy_UnanswerableRegexOnTheFirstRoute_503LoggedAndCountedAndTheSecondRouteNeverReached()
    {
        await using var waf = await EchoBackend.StartAsync("waf");
        await using var open = await EchoBackend.StartAsync("open");
        var output = new StringWriter();
        var log = TextWriter.Synchronized(output);
        await using var proxy = await ProxyHost.StartAsync(ProxyHost.Backends(waf, open), [80], output: log, admin: true, regexLinearBudget: 0);
        await proxy.ApplyAsync(Of(Http(80, Host("*",
            Guarded("waf-path", Regex("/api/" + Hostile), backend: "waf"),
            Guarded("waf-header", Prefix("/api"), headers: [new StringMatch(MatchKind.RegularExpression, "X-Token", Hostile)], backend: "waf"),
            Guarded("waf-query", Prefix("/api"), query: [new StringMatch(MatchKind.RegularExpression, "q", Hostile)], backend: "waf"),
            Entry("open", Prefix("/"), Service("open"))))));
        using var client = proxy.Client(80);

        var (byPath, _) = await Requests.GetAsync(client, "/api/" + HostileInput);
        var (byHeader, _) = await Requests.GetAsync(client, "/api/x", configure: m => m.Headers.Add("X-Token", HostileInput));
        var (byQuery, _) = await Requests.GetAsync(client, "/api/x?q=" + HostileInput);
        var (decided, _) = await Requests.GetAsync(client, "/api/aab");
        var (elsewhere, _) = await Requests.GetAsync(client, "/other");
        using var admin = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{proxy.Node.AdminPort}") };
        var metrics = await admin.GetStringAsync("/metrics", Token);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, byPath.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, byHeader.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, byQuery.StatusCode);
        Assert.Equal(HttpStatusCode.OK, decided.StatusCode);
        Assert.Equal(HttpStatusCode.OK, elsewhere.StatusCode);
        Assert.Equal(["/other"], open.Seen.Select(s => s.Target));
        Assert.Equal(["/api/aab"], waf.Seen.Select(s => s.Target));
        Assert.Contains("gitgateway_proxy_regex_refused_total 3\n", metrics, StringComparison.Ordinal);
        Assert.Contains("gitgateway_proxy_regex_unanswered_total 3\n", metrics, StringComparison.Ordinal);
        Assert.Contains("\"status\":503", await AccessLogLines.FindAsync(output, log, "\"error\":\"regex\""), StringComparison.Ordinal);
    }
}
