using GitGateway.Fixtures;
using GitGateway.Reconciler.Review;
using GitGateway.Reconciler.Review.RoutingTests;
using GitGateway.Renderer.Diagnostics;
using GitGateway.Renderer.Status;
using static GitGateway.Reconciler.Tests.Review.ReviewPlans;

namespace GitGateway.Reconciler.Tests.Review;

/// <summary>
/// The pull-request comment compared as exact text with <c>testdata/&lt;case&gt;.md</c>; regenerate with
/// <c>GITGATEWAY_UPDATE_GOLDEN=1</c>.
/// </summary>
public sealed class PlanCommentGoldenTests
{
    private const string Head = "e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f3";
    private const string Base = "a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0";
    private const string Blob = "https://github.com/acme/routing/blob/" + Head + "/";

    private static readonly Dictionary<string, Func<PlanReview>> Cases = new(StringComparer.Ordinal)
    {
        ["weight-shift"] = WeightShift,
        ["reformat-only"] = ReformatOnly,
        ["invalid"] = Invalid,
        ["routing-tests"] = RoutingTests,
        ["first-plan"] = FirstPlan,
    };

    private static string TestData => Path.Combine(RepoPaths.Root, "tests", "Reconciler.Tests", "Review", "testdata");

    public static TheoryData<string> CaseNames() => [.. Cases.Keys.Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Comment_Case_MatchesGolden(string name)
    {
        var actual = PlanCommentRenderer.Render(Cases[name]());
        var path = Path.Combine(TestData, name + ".md");
        if (Environment.GetEnvironmentVariable("GITGATEWAY_UPDATE_GOLDEN") == "1")
        {
            Directory.CreateDirectory(TestData);
            File.WriteAllText(path, actual);
        }

        Assert.True(File.Exists(path), $"missing golden file {path}; run with GITGATEWAY_UPDATE_GOLDEN=1");
        Assert.Equal(File.ReadAllText(path), actual);
    }

    [Fact]
    public void Golden_EveryFile_HasACase()
    {
        var orphans = Directory.GetFiles(TestData, "*.md").Select(Path.GetFileNameWithoutExtension).Where(n => !Cases.ContainsKey(n!)).ToList();
        if (Environment.GetEnvironmentVariable("GITGATEWAY_UPDATE_GOLDEN") == "1")
        {
            orphans.ForEach(n => File.Delete(Path.Combine(TestData, n + ".md")));
            return;
        }

        Assert.Empty(orphans);
    }

    private static PlanReview Review(Renderer.Rendering.RenderResult? before, Renderer.Rendering.RenderResult after, params RoutingTestResult[] tests) =>
        PlanReviewer.Review(before, after, tests, Head, before is null ? null : Base, "main", Blob);

    private static PlanReview WeightShift()
    {
        var before = PlanOf(Host("store.example.com",
            Entry("store", "api", "/api", [("store-api-v1", 90), ("store-api-v2", 10)]),
            Entry("store", "web", "/", [("store-web", 1)], line: 20)));
        var after = PlanOf(
            Host("shop.example.com", Entry("shop", "cart", "/cart", [("cart", 1)])),
            Host("store.example.com",
                Entry("store", "api", "/api", [("store-api-v1", 50), ("store-api-v2", 50)], policies: [Jwt("store")]),
                Entry("store", "web", "/", [("store-web", 1)], line: 20)));
        return Review(Render(before), Render(after));
    }

    private static PlanReview ReformatOnly()
    {
        var before = PlanOf(Host("store.example.com", Entry("store", "api", "/api", [("store-api-v1", 90), ("store-api-v2", 10)], line: 10)));
        var after = PlanOf(Host("store.example.com", Entry("store", "api", "/api", [("store-api-v1", 90), ("store-api-v2", 10)], line: 14)));
        return Review(Render(before), Render(after));
    }

    private static PlanReview Invalid()
    {
        var before = PlanOf(Host("store.example.com",
            Entry("store", "api", "/api", [("store-api-v1", 100)]),
            Entry("store", "legacy", "/legacy", [("store-legacy", 100)], line: 30)));
        var after = PlanOf(Host("store.example.com", Entry("store", "api", "/api", [("store-api-v1", 100), ("store-api-v3", 0)])));
        var status = new RenderStatus([], [], [NotAccepted("store", "admin", "NotAllowedByListeners", "listener https allows routes from namespaces with gateway-access=true only")]);
        return Review(Render(before), Render(after, status,
            new Diagnostic(DiagnosticSeverity.Error, "BackendNotFound", "teams/store/routes/api.yaml", 18, 9, "Service store/store-api-v3 is not declared | add it to the team's services"),
            new Diagnostic(DiagnosticSeverity.Warning, "UnusedGrant", "teams/store/grants/old.yaml", 3, 1, "ReferenceGrant store/old allows nothing that is used")));
    }

    private static PlanReview RoutingTests()
    {
        var before = PlanOf(Host("store.example.com", Entry("store", "api", "/api", [("store-api-v1", 100)])));
        var after = PlanOf(Host("store.example.com", Entry("store", "api", "/api", [("store-api-v2", 100)])));
        return Review(Render(before), Render(after),
            new RoutingTestResult("teams/store/tests/api.yaml", 2, "api reaches v2", true, "forwarded to store-api-v2"),
            new RoutingTestResult("teams/store/tests/api.yaml", 9, "legacy path keeps v1", false, "expected backend store-api-v1, got forwarded to store-api-v2"));
    }

    private static PlanReview FirstPlan()
    {
        var after = PlanOf(Host("store.example.com", Entry("store", "api", "/api", [("store-api-v1", 1)])));
        return Review(null, Render(after));
    }
}
