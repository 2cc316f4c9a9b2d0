using System.Text;
using GitGateway.Fixtures;
using GitGateway.Reconciler.Apply;
using GitGateway.Renderer.Diagnostics;
using GitGateway.Renderer.Rendering;

namespace GitGateway.Reconciler.Tests.Apply;

/// <summary>
/// Team isolation renders the head again from the input it was rendered with, only its files swapped: what the
/// caller set on the input (the controller name, the objects' ages, the claims in force) holds for the kept result.
/// </summary>
public sealed class TeamIsolationInputTests
{
    private const string Controller = "example.com/edge-controller";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RenderAsync_ControllerNameSetOnTheInput_KeptResultStillRendersThatControllersGateways()
    {
        // The platform's GatewayClass names a controller that only the input (--controller-name) says is ours.
        var good = SourceFiles.ReadDirectory(Path.Combine(RepoPaths.Root, "examples", "repo-layout")).Files
            .Select(f => f.Path == "platform/gatewayclass.yaml" ? With(f, Text(f).Replace(RenderInput.DefaultControllerName, Controller, StringComparison.Ordinal)) : f)
            .ToList();
        var head = good.Select(f => f.Path == "teams/store/routes/store-web.yaml" ? With(f, Text(f).Replace("rules:", "rules: [", StringComparison.Ordinal)) : f).ToList();
        var input = new RenderInput(head, "main@sha1:head", ControllerName: Controller);
        var rendered = PlanRenderer.Render(input);
        Assert.NotEmpty(rendered.Plan.Listeners);
        Assert.All(rendered.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error), d => Assert.StartsWith("teams/store/", d.File, StringComparison.Ordinal));

        var isolated = await TeamIsolation.RenderAsync((_, _) => Task.FromResult<IReadOnlyList<SourceFile>>(good), PlanRenderer.Render, input, rendered, new Dictionary<string, string>(), "good", Ct);

        Assert.NotNull(isolated);
        Assert.Equal("store", Assert.Single(isolated.Refused).Name);
        Assert.DoesNotContain(isolated.Result.Diagnostics, d => d.Code == "GatewayClassOtherController");
        Assert.Equal(rendered.Plan.Listeners.Select(l => l.Port), isolated.Result.Plan.Listeners.Select(l => l.Port));
        Assert.Contains(isolated.Result.Plan.Listeners.SelectMany(l => l.VirtualHosts), h => h.Routes.Any(r => r.Id.Contains("store-web", StringComparison.Ordinal)));
    }

    private static string Text(SourceFile file) => Encoding.UTF8.GetString(file.Content.Span);

    private static SourceFile With(SourceFile file, string content) => file with { Content = Encoding.UTF8.GetBytes(content), BlobId = null };
}
