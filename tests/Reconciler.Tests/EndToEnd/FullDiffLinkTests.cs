using System.Net;
using System.Text;
using GitGateway.Fixtures;
using GitGateway.Reconciler.Tests.Source;

namespace GitGateway.Reconciler.Tests.EndToEnd;

/// <summary>A pull-request comment cut to fit GitHub links to the whole review, which the control plane serves.</summary>
public sealed class FullDiffLinkTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task PullRequest_CommentCutAtGitHubsLimit_LinksToTheFullDiffServedByTheControlPlane()
    {
        using var repo = GitTestRepo.Create();
        ControlPlaneFixture.CopyDirectory(Path.Combine(RepoPaths.Root, "examples", "repo-layout"), repo.Work);
        var seed = repo.Commit("seed from examples/repo-layout");
        await using var cp = await ControlPlaneFixture.StartAsync(repo, [], Ct);
        repo.Checkout("feature", create: true);
        repo.Write("teams/store/routes/many.yaml", ManyRoutes(150, 8));
        var head = repo.Commit("add 1,200 route entries");
        cp.GitHub.OpenPullRequest(1, "feature", head, "main", seed);

        await cp.PullRequestAsync("opened", 1, head);
        await Eventually.HoldsAsync(() => cp.GitHub.Comments.TryGetValue(1, out var c) && c.Count == 1, "the plan comment");
        await Eventually.HoldsAsync(() => cp.GitHub.CheckRuns.ToArray().Any(r => r.Name == "gitgateway/plan" && r.HeadSha == head), "the plan check");
        var comment = cp.GitHub.Comments[1].Single().Body;
        var check = cp.GitHub.CheckRuns.ToArray().Last(r => r.Name == "gitgateway/plan" && r.HeadSha == head);
        var link = System.Text.RegularExpressions.Regex.Match(comment, @"\((http://127\.0\.0\.1:\d+/v1/repos/default/plans/" + head + @"/diff\?key=[0-9a-f]{32})\)");
        using var http = new HttpClient();
        using var full = await http.GetAsync(new Uri(link.Groups[1].Value), Ct);
        var text = await full.Content.ReadAsStringAsync(Ct);
        using var keyless = await http.GetAsync(new Uri(cp.BaseUri, $"v1/repos/default/plans/{head}/diff"), Ct);
        using var forged = await http.GetAsync(new Uri(cp.BaseUri, $"v1/repos/default/plans/{head}/diff?key={new string('0', 32)}"), Ct);

        Assert.True(link.Success, "the cut comment links to the full review");
        Assert.Equal(link.Groups[1].Value, check.DetailsUrl); // the check's Details link leads to the same review
        Assert.DoesNotContain("/many/r149/p7", comment, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, full.StatusCode);
        Assert.Equal("text/plain; charset=utf-8", full.Content.Headers.ContentType?.ToString());
        Assert.Contains("`store.example.com /many/r149/p7`", text, StringComparison.Ordinal);
        Assert.Contains("Full plan diff (", text, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, keyless.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, forged.StatusCode);
    }

    private static string ManyRoutes(int routes, int rules)
    {
        var yaml = new StringBuilder();
        for (var r = 0; r < routes; r++)
        {
            yaml.Append("---\napiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata:\n  name: many-")
                .Append(r).Append("\n  namespace: store\nspec:\n  parentRefs:\n  - {name: public, namespace: gateway-system, sectionName: https}\n")
                .Append("  hostnames: [\"store.example.com\"]\n  rules:\n");
            for (var i = 0; i < rules; i++)
            {
                yaml.Append("  - matches:\n    - path: {type: PathPrefix, value: /many/r").Append(r.ToString("D3", System.Globalization.CultureInfo.InvariantCulture))
                    .Append("/p").Append(i).Append("}\n    backendRefs:\n    - {name: store-api-v2, port: 8080}\n");
            }
        }

        return yaml.ToString();
    }
}
