using GitGateway.Fixtures;
using GitGateway.Plan.Serialization;
using GitGateway.Reconciler.Apply;
using GitGateway.Reconciler.Git;
using GitGateway.Reconciler.Tests.EndToEnd;
using GitGateway.Reconciler.Tests.Source;
using GitGateway.Renderer.Rendering;
using Microsoft.Extensions.Logging.Abstractions;

namespace GitGateway.Reconciler.Tests.Apply;

/// <summary>
/// The apply as the control plane runs it, one commit after another (the manifest cache kept between renders, object
/// ages from the previous head's walk), publishes for each commit the bytes a from-scratch render of it gives: a cold
/// render with ages from a full walk of the history. The steps change what a kept binding depends on besides the route
/// (a Gateway's listeners, a ReferenceGrant, a policy attached and detached) as well as routes (added, moved between
/// files, renamed), and the renders between them do reuse the bindings of unchanged routes.
/// </summary>
public sealed class IncrementalApplyTests : IDisposable
{
    private static readonly DateTimeOffset Wednesday = new(2026, 11, 18, 12, 0, 0, TimeSpan.Zero);
    private static readonly GitCli Git = new(defaultTimeout: TimeSpan.FromSeconds(30));
    private const string Override = "\n\nGitGateway-Allow-Destructive: the sequence deletes routes on purpose";
    private readonly GitTestRepo _repo = GitTestRepo.Create();
    private readonly string _mirrorDir;
    private readonly GitMirror _mirror;

    public IncrementalApplyTests()
    {
        ControlPlaneFixture.CopyDirectory(Path.Combine(RepoPaths.Root, "examples", "repo-layout"), _repo.Work);
        _mirrorDir = Path.Combine(_repo.Root, "mirror.git");
        _mirror = new GitMirror(_repo.Bare, _mirrorDir, GitCredentials.None, TimeSpan.FromSeconds(20), allowFileUrls: true);
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Reconcile_SequenceOfCommits_EachPlanSameAsAFromScratchRender()
    {
        var publisher = new PlanPublisher(new OffsetTimeProvider(Wednesday));
        var render = new CachedRender();
        var host = new RecordingCodeHost();
        var apply = new ApplyService(
            _mirror, host, render.Render, publisher, new ControlPlaneStateStore(Path.Combine(_repo.Root, "state")),
            new ApplyOptions("main", [], TimeSpan.FromSeconds(1)), new OffsetTimeProvider(Wednesday), NullLogger<ApplyService>.Instance);
        await apply.LoadAsync(Ct);
        var orders = new List<string>();

        foreach (var step in Steps())
        {
            var commit = step();
            await _mirror.FetchAsync(Ct);

            var outcome = await apply.ReconcileAsync(commit, Ct);
            Assert.True(outcome == ApplyOutcome.Applied, $"{outcome}: {string.Join(" | ", host.Checks.Select(c => $"{c.Title}: {c.Summary}"))}");
            var scratch = await FromScratchAsync(commit);
            Assert.Equal(commit, publisher.Current!.Commit);
            Assert.Equal(PlanJson.ToCanonicalBytes(scratch), publisher.Current.CanonicalJson);
            Assert.Equal(PlanJson.Hash(scratch), publisher.Current.PlanHash);
            orders.Add(string.Join(",", scratch.Listeners.SelectMany(l => l.VirtualHosts).SelectMany(h => h.Routes)
                .Where(e => e.Route.Name is "zz-older" or "aa-newer").Select(e => e.Route.Name)));
        }

        // The ages decide the order of the two routes on one path: the older first, until it is deleted and added again.
        Assert.Contains("zz-older,aa-newer", orders);
        Assert.Contains("aa-newer,zz-older", orders);
        Assert.True(render.Reuse.Reused > 0, "no render reused a binding");
        Assert.True(render.Reuse.Bound > 0, "every binding was reused");
        Assert.True(apply.EntryBytes.Reused > 0, "no entry's bytes were copied from the plan serialised before");
    }

    public void Dispose() => _repo.Dispose();

    // Each step changes the repository, pushes, and returns the target branch head.
    private IEnumerable<Func<string>> Steps()
    {
        yield return () => _repo.Commit("seed");
        yield return () => Add("older.yaml", "zz-older", "store-api-v1", "add the older route");
        yield return () => Add("newer.yaml", "aa-newer", "store-api-v2", "add the newer route on the same path");
        yield return () =>
        {
            _repo.Delete("teams/store/routes/older.yaml");
            return Add("moved/older.yaml", "zz-older", "store-api-v1", "rename the older route's file");
        };
        yield return () =>
        {
            _repo.Delete("teams/store/routes/moved/older.yaml");
            return _repo.Commit("delete the older route" + Override);
        };
        yield return () => Add("older.yaml", "zz-older", "store-api-v1", "add the older route again");
        yield return MergeBranch;
        yield return () => Add("newer.yaml", "aa-newer", "store-web", "the newer route moves to another backend" + Override);
        yield return () => Platform("gateways/public.yaml", File.ReadAllText(Path.Combine(_repo.Work, "platform/gateways/public.yaml"))
            .Replace("  listeners:\n", "  listeners:\n  - {name: http-alt, port: 80, protocol: HTTP, hostname: alt.example.com, allowedRoutes: {namespaces: {from: All}}}\n", StringComparison.Ordinal), "a listener more on the Gateway");
        yield return () =>
        {
            _repo.Write("teams/payments/grants/extra.yaml", """
                apiVersion: gateway.networking.k8s.io/v1beta1
                kind: ReferenceGrant
                metadata: {name: extra, namespace: payments}
                spec:
                  from: [{group: gateway.networking.k8s.io, kind: HTTPRoute, namespace: store}]
                  to: [{group: "", kind: Service, name: payments-admin}]

                """);
            return Add("granted.yaml", "granted", "payments-admin, namespace: payments", "a ReferenceGrant more, and a route it lets through", "/granted");
        };
        yield return () =>
        {
            _repo.Delete("teams/payments/grants/extra.yaml");
            return Team("store", "routes/granted.yaml", null, "the ReferenceGrant goes, with its route" + Override);
        };
        yield return () => Team("store", "policies/older-timeout.yaml", """
            apiVersion: gitgateway.dev/v1alpha1
            kind: ProxyPolicy
            metadata: {name: older-timeout, namespace: store}
            spec: {type: Timeout, targetRef: {group: gateway.networking.k8s.io, kind: HTTPRoute, name: zz-older}, timeout: {request: 7s}}

            """, "a timeout attached to the older route");
        yield return () => Add("branch-two.yaml", "branch-two", "store-api-v2", "a route more while the policy is attached", "/two");
        yield return () => Team("store", "policies/older-timeout.yaml", null, "the timeout detached");
        yield return () => Add("newer.yaml", "aa-renamed", "store-web", "the newer route renamed" + Override);
    }

    private string Platform(string file, string content, string message)
    {
        _repo.Write("platform/" + file, content);
        return _repo.Commit(message);
    }

    // Writes (or, with null, deletes) a file of a team's folder and commits.
    private string Team(string team, string file, string? content, string message)
    {
        if (content is null)
        {
            _repo.Delete($"teams/{team}/{file}");
        }
        else
        {
            _repo.Write($"teams/{team}/{file}", content);
        }

        return _repo.Commit(message);
    }

    private string MergeBranch()
    {
        _repo.Checkout("feature", create: true);
        Add("branch.yaml", "branch-route", "store-api-shadow", "a route on a branch", "/branch");
        _repo.Checkout("main");
        _repo.Delete("teams/store/routes/older.yaml");
        Add("older-again.yaml", "zz-older", "store-api-v1", "move the older route on the target branch" + Override);
        return _repo.Merge("feature");
    }

    private string Add(string file, string name, string backend, string message, string path = "/incremental-same")
    {
        _repo.Write("teams/store/routes/" + file, $$"""
            apiVersion: gateway.networking.k8s.io/v1
            kind: HTTPRoute
            metadata: {name: {{name}}, namespace: store}
            spec:
              parentRefs: [{name: public, namespace: gateway-system, sectionName: https}]
              hostnames: ["store.example.com"]
              rules:
              - matches:
                - path: {type: PathPrefix, value: "{{path}}"}
                backendRefs: [{name: {{backend}}, port: 8080}]

            """);
        return _repo.Commit(message);
    }

    // A cold render of the commit: its tree, ages from a full walk of its history, no cache.
    private async Task<GitGateway.Plan.Model.RoutingPlan> FromScratchAsync(string commit)
    {
        var repository = await GitRepository.OpenAsync(Git, _mirrorDir, Ct);
        var files = await new GitTreeReader(repository).ReadAsync(commit, Ct);
        var ages = await new GitObjectAges(repository).ForCommitAsync(commit, Ct);
        var result = PlanRenderer.Render(new RenderInput(files.Files, "main@sha1:" + commit) { Ages = ages });
        Assert.False(result.HasErrors, string.Join("; ", result.Diagnostics));
        return result.Plan;
    }
}
