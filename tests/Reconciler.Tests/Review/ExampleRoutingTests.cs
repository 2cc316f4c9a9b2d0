using GitGateway.Fixtures;
using GitGateway.Reconciler.Review.RoutingTests;
using GitGateway.Renderer.Rendering;

namespace GitGateway.Reconciler.Tests.Review;

public sealed class ExampleRoutingTests
{
    [Fact]
    public void ExampleRepo_RoutingTests_AllPassAgainstItsRenderedPlan()
    {
        var root = Path.Combine(RepoPaths.Root, "examples", "repo-layout");
        var read = SourceFiles.ReadDirectory(root);
        var render = PlanRenderer.Render(new RenderInput(read.Files, "main@sha1:example"));
        var (cases, errors) = RoutingTestLoader.Load(read.Files);

        var results = new RoutingTestRunner(new ProxyRouteResolver()).Run(render.Plan, cases);

        Assert.True(errors.Count == 0, string.Join("\n", errors.Select(e => $"{e.File}:{e.Line} {e.Detail}")));
        Assert.True(cases.Count >= 10, $"only {cases.Count} cases read");
        Assert.All(results, r => Assert.True(r.Passed, $"{r.File}:{r.Line} {r.Name}: {r.Detail}"));
    }
}
