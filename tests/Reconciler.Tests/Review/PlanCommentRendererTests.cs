using GitGateway.Plan.Model;
using GitGateway.Reconciler.Review;
using GitGateway.Renderer.Diagnostics;
using static GitGateway.Reconciler.Tests.Review.ReviewPlans;

namespace GitGateway.Reconciler.Tests.Review;

public sealed class PlanCommentRendererTests
{
    [Fact]
    public void Render_ThreeThousandNewRoutes_StaysUnderGitHubLimitWithANote()
    {
        var entries = Enumerable.Range(0, 3000)
            .Select(i => Entry("store", $"route-{i:D4}", $"/p{i}", [("backend-with-a-fairly-long-service-name", 1)]))
            .ToArray();
        var review = PlanReviewer.Review(null, Render(PlanOf(Host("store.example.com", entries))), [], "abc", null, "main", null);

        var body = PlanCommentRenderer.Render(review);

        Assert.True(body.Length <= PlanCommentRenderer.MaxLength, $"length {body.Length}");
        Assert.StartsWith(PlanCommentRenderer.Marker, body, StringComparison.Ordinal);
        Assert.Contains("see the `gitgateway/plan` check", body, StringComparison.Ordinal);
        Assert.Contains("routes: 3000 added", body, StringComparison.Ordinal);
    }

    [Fact]
    public void CommentAndCheck_BidiOverrideAndControlCharacters_AreEscaped()
    {
        var plan = PlanOf(Host("store.example.com", Entry("store", "api", "/api", [("v1", 1)])));
        var hostile = "pays \u202Eevil\u202C\r\n### ✅ all good";
        var review = PlanReviewer.Review(Render(plan), Render(plan), [new("teams/store/tests/a.yaml", 4, hostile, false, "expected \u2066x\u2069")], "head", "base", "main", null);

        var comment = PlanCommentRenderer.Render(review);
        var check = PlanCheckBuilder.Build(review);

        foreach (var text in new[] { comment, check.Summary, check.Text! }.Concat(check.Annotations.SelectMany(a => new[] { a.Title, a.Message })))
        {
            Assert.DoesNotContain(text, c => c is '\u202E' or '\u202C' or '\u2066' or '\u2069' or '\r');
        }

        Assert.Contains("pays <U+202E>evil<U+202C><U+000D>", comment, StringComparison.Ordinal);
        Assert.Contains(check.Annotations, a => a.Title.Contains("<U+202E>", StringComparison.Ordinal) && a.Message == "expected <U+2066>x<U+2069>");
    }

    [Fact]
    public void CheckBuilder_BaseHeld_TitleAndSummarySayTheDiffIsAgainstWhatTheEdgeServes()
    {
        var served = PlanOf(Host("store.example.com", Entry("store", "api", "/api", [("v1", 1)])));
        var head = PlanOf(Host("store.example.com", Entry("store", "api", "/api", [("v1", 1)]), Entry("store", "web", "/web", [("web", 1)])));
        var held = new ServedPlan(served, "5e7ed0000000000000000000000000000000000a") { HeldTip = "4e1d00000000000000000000000000000000000b", HeldReason = "applies are paused: incident 42" };
        var review = PlanReviewer.Review(Render(served), Render(head), [], "head", "4e1d00000000000000000000000000000000000b", "main", null, ReviewContext.None with { Served = held });

        var check = PlanCheckBuilder.Build(review);
        var comment = PlanCommentRenderer.Render(review);

        Assert.Equal("⏸️ against what the edge serves (5e7ed00): main's tip 4e1d000 is not applied yet · ✅ Plan is valid — routes: 1 added, 0 changed, 0 removed", check.Title);
        var line = "⏸️ `main`'s tip `4e1d000` is not applied yet (applies are paused: incident 42): this diff is against what the edge serves (`5e7ed00`)";
        Assert.Contains(line, comment, StringComparison.Ordinal);
        Assert.Contains(line, check.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckBuilder_BaseHeldAndALongVerdict_TitleBoundedAndStillSaysSo()
    {
        var plan = PlanOf(Host("store.example.com", Entry("store", "api", "/api", [("v1", 1)])));
        var held = new ServedPlan(plan, "served") { HeldTip = "tip", HeldReason = "a freeze window is open" };
        var review = PlanReviewer.Review(Render(plan), Render(plan), [new("teams/store/tests/a.yaml", 4, "t", false, "expected x")], "head", "tip", new string('b', 300), null, ReviewContext.None with { Served = held });

        var title = PlanCheckBuilder.Build(review).Title;

        Assert.InRange(title.Length, 1, 200);
        Assert.StartsWith("⏸️ against what the edge serves (served): ", title, StringComparison.Ordinal);
        Assert.Contains("bbb… · ❌ Routing tests fail (1 of 1; ", title, StringComparison.Ordinal); // the base's name is 300 characters
        Assert.EndsWith("…", title, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckBuilder_ErrorsAndFailedTests_FailWithAnnotationsAtLines()
    {
        var plan = PlanOf(Host("store.example.com", Entry("store", "api", "/api", [("v1", 1)])));
        var review = PlanReviewer.Review(
            Render(plan),
            Render(plan, new Diagnostic(DiagnosticSeverity.Error, "BackendNotFound", "teams/store/routes/api.yaml", 12, 3, "missing")),
            [new("teams/store/tests/a.yaml", 4, "t", false, "expected x")],
            "head",
            "base",
            "main",
            null);

        var check = PlanCheckBuilder.Build(review);

        Assert.Equal(CheckOutcome.Failure, check.Outcome);
        Assert.Equal(
            ["teams/store/routes/api.yaml:12:failure", "teams/store/tests/a.yaml:4:failure"],
            check.Annotations.Select(a => $"{a.File}:{a.Line}:{a.Level}"));
        Assert.Contains("No change to traffic", check.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Review_ReformattedFile_ReportsNoTrafficChange()
    {
        var before = PlanOf(Host("a.example.com", Entry("a", "r", "/", [("svc", 1)], line: 3)));
        var after = PlanOf(Host("a.example.com", Entry("a", "r", "/", [("svc", 1)], line: 9)));

        var review = PlanReviewer.Review(Render(before), Render(after), [], "h", "b", "main", null);

        Assert.True(review.NoTrafficChange);
        Assert.Empty(review.Changes);
        Assert.True(review.Routes.IsEmpty);
    }

    [Fact]
    public void Review_RedirectAdded_DescribesTheRedirect()
    {
        var redirect = new Filter(FilterType.RequestRedirect, RequestRedirect: new RedirectFilter("https", null, null, null, 301));
        var before = PlanOf(Host("a.example.com", Entry("a", "r", "/", [("svc", 1)])));
        var after = PlanOf(Host("a.example.com", Entry("a", "r", "/", [], filters: [redirect])));

        var review = PlanReviewer.Review(Render(before), Render(after), [], "h", "b", "main", null);

        Assert.Equal("a.example.com /: svc 100% → redirect 301 → https://(same host); filters none → RequestRedirect", Assert.Single(review.Traffic).Text);
    }
}
