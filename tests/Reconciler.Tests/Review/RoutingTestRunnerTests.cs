using System.Text;
using GitGateway.Plan.Model;
using GitGateway.Reconciler.Review.RoutingTests;
using GitGateway.Renderer.Rendering;
using static GitGateway.Reconciler.Tests.Review.ReviewPlans;

namespace GitGateway.Reconciler.Tests.Review;

public sealed class RoutingTestRunnerTests
{
    private const string Tests = """
        tests:
        - name: beta header goes to v2
          request: {host: store.example.com, path: /api/items, headers: {x-beta: "1"}}
          expect: {backend: store-api-v2, headers: {x-env: beta}}
        - name: api is split
          request: {host: store.example.com, path: /api}
          expect: {backends: [store-api-v1, store-api-v2]}
        - name: apix is not api
          request: {host: store.example.com, path: /apix}
          expect: {status: 404}
        - name: old path redirects
          request: {host: store.example.com, path: /old/page?q=1}
          expect: {status: 301, redirect: "https://store.example.com/new/page?q=1"}
        - name: wrong expectation
          request: {host: store.example.com, path: /api}
          expect: {backend: store-api-v9}
        """;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Run_TestFileAgainstPlan_PassesAndFailsPerExpectation(bool proxyTable)
    {
        var (cases, errors) = RoutingTestLoader.Load([new SourceFile("teams/store/tests/api.yaml", Encoding.UTF8.GetBytes(Tests))]);

        IRouteResolver resolver = proxyTable ? new ProxyRouteResolver() : new PlanRouteResolver();
        var results = new RoutingTestRunner(resolver).Run(Plan(), cases);

        Assert.Empty(errors);
        Assert.Equal([true, true, true, true, false], results.Select(r => r.Passed));
        Assert.Equal(14, results[4].Line);
        Assert.Contains("expected backend store-api-v9", results[4].Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_BrokenYaml_IsAFailedResultAtItsLine()
    {
        var (cases, errors) = RoutingTestLoader.Load([new SourceFile("teams/store/tests/bad.yaml", Encoding.UTF8.GetBytes("tests:\n- name: x\n  request: [unclosed\n"))]);

        Assert.Empty(cases);
        var error = Assert.Single(errors);
        Assert.False(error.Passed);
        Assert.Equal("teams/store/tests/bad.yaml", error.File);
    }

    [Fact]
    public void Load_FilesOutsideTeamTests_AreIgnored()
    {
        var (cases, errors) = RoutingTestLoader.Load([new SourceFile("teams/store/routes/api.yaml", Encoding.UTF8.GetBytes(Tests))]);

        Assert.Empty(cases);
        Assert.Empty(errors);
    }

    private static RoutingPlan Plan()
    {
        var beta = Entry("store", "api", "/api", [("store-api-v2", 1)], match: 0,
            headers: [new StringMatch(MatchKind.Exact, "x-beta", "1")],
            filters: [new Filter(FilterType.RequestHeaderModifier, RequestHeaderModifier: new HeaderModifier([new HeaderValue("x-env", "beta")], default, default))]);
        var split = Entry("store", "api", "/api", [("store-api-v1", 90), ("store-api-v2", 10)], match: 1);
        var redirect = Entry("store", "old", "/old", [], filters:
            [new Filter(FilterType.RequestRedirect, RequestRedirect: new RedirectFilter("https", null, null, new PathModifier("ReplacePrefixMatch", "/new"), 301))]);
        return PlanOf(Host("store.example.com", beta, split, redirect));
    }
}
