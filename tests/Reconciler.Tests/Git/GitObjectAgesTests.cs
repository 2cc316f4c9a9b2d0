using GitGateway.Reconciler.Git;
using GitGateway.Renderer.Rendering;

namespace GitGateway.Reconciler.Tests.Git;

/// <summary>An object's age in Git is the first commit since which it has existed: derived from a real repository's history.</summary>
public sealed class GitObjectAgesTests
{
    private static readonly GitCli Git = new(defaultTimeout: TimeSpan.FromSeconds(30));

    private const string Platform = """
        apiVersion: gateway.networking.k8s.io/v1
        kind: GatewayClass
        metadata: {name: gg}
        spec: {controllerName: gitgateway.dev/gateway-controller}
        ---
        apiVersion: gateway.networking.k8s.io/v1
        kind: Gateway
        metadata: {name: gw, namespace: infra}
        spec:
          gatewayClassName: gg
          listeners:
          - {name: tcp, port: 9310, protocol: TCP, allowedRoutes: {namespaces: {from: Same}}}
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: one, namespace: infra}
        spec: {ports: [{port: 3000}]}
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: two, namespace: infra}
        spec: {ports: [{port: 3000}]}

        """;

    [Fact]
    public async Task Ages_RouteAddedByLaterCommit_OlderRouteServesThoughItsNameSortsLast()
    {
        using var temp = TempGitRepository.Create();
        temp.Write("platform.yaml", Platform);
        temp.Write("older.yaml", TcpRoute("tcproute-attach-older", "one"));
        temp.Commit("older route");
        temp.Write("newer.yaml", TcpRoute("tcproute-attach-newer", "two"));
        var head = temp.Commit("newer route");

        var ages = await AgesAsync(temp, head);
        var repo = await GitRepository.OpenAsync(Git, temp.Path, TestContext.Current.CancellationToken);
        var files = await new GitTreeReader(repo).ReadAsync(head, TestContext.Current.CancellationToken);
        var plan = PlanRenderer.Render(new RenderInput(files.Files, "main@sha1:" + head) { Ages = ages }).Plan;

        Assert.True(ages!.RankOf("TCPRoute", "infra", "tcproute-attach-older") < ages.RankOf("TCPRoute", "infra", "tcproute-attach-newer"));
        Assert.Equal("tcproute-attach-older", plan.Listeners[0].L4Routes[0].Route.Name);
    }

    [Fact]
    public async Task Ages_ObjectMovedToAnotherFile_KeepsItsAge()
    {
        using var temp = TempGitRepository.Create();
        temp.Write("a.yaml", TcpRoute("r", "one"));
        var first = temp.Commit("add");
        temp.Write("other.yaml", "kind: ConfigMap\nmetadata: {name: x, namespace: infra}\n");
        temp.Commit("unrelated");
        Directory.CreateDirectory(Path.Combine(temp.Path, "moved"));
        temp.Git("mv", "a.yaml", "moved/b.yaml");
        var head = temp.Commit("move");

        var atFirst = await AgesAsync(temp, first);
        var atHead = await AgesAsync(temp, head);

        Assert.Equal(1, atFirst!.RankOf("TCPRoute", "infra", "r"));
        Assert.Equal(1, atHead!.RankOf("TCPRoute", "infra", "r"));
        Assert.Equal(2, atHead.RankOf("ConfigMap", "infra", "x"));
    }

    [Fact]
    public async Task Ages_ObjectDeletedThenAddedAgain_IsNew()
    {
        using var temp = TempGitRepository.Create();
        temp.Write("a.yaml", TcpRoute("r", "one"));
        temp.Commit("add");
        File.Delete(Path.Combine(temp.Path, "a.yaml"));
        temp.Commit("delete");
        temp.Write("a.yaml", TcpRoute("r", "one"));
        var head = temp.Commit("add again");

        Assert.Equal(3, (await AgesAsync(temp, head))!.RankOf("TCPRoute", "infra", "r"));
    }

    [Fact]
    public async Task Ages_ObjectMergedFromBranch_IsAsOldAsTheMerge()
    {
        using var temp = TempGitRepository.Create();
        temp.Write("a.yaml", TcpRoute("a", "one"));
        temp.Commit("main 1");
        temp.Git("checkout", "-q", "-b", "feature");
        temp.Write("b.yaml", TcpRoute("b", "two"));
        temp.Commit("feature 1");
        temp.Git("checkout", "-q", "-");
        temp.Write("c.yaml", TcpRoute("c", "two"));
        temp.Commit("main 2");
        temp.Git("merge", "-q", "--no-ff", "-m", "merge feature", "feature");
        var head = temp.Git("rev-parse", "HEAD");

        var ages = (await AgesAsync(temp, head))!;

        Assert.Equal([1L, 2L, 3L], new[] { "a", "c", "b" }.Select(n => ages.RankOf("TCPRoute", "infra", n)));
    }

    [Fact]
    public async Task Ages_HistoryLongerThanTheWindow_OlderObjectsTieAtZero()
    {
        using var temp = TempGitRepository.Create();
        temp.Write("a.yaml", TcpRoute("a", "one"));
        temp.Commit("1");
        temp.Write("b.yaml", TcpRoute("b", "one"));
        temp.Commit("2");
        temp.Write("c.yaml", TcpRoute("c", "one"));
        temp.Commit("3");
        temp.Write("d.yaml", TcpRoute("d", "one"));
        var head = temp.Commit("4");

        var repo = await GitRepository.OpenAsync(Git, temp.Path, TestContext.Current.CancellationToken);
        var ages = (await new GitObjectAges(repo, maxCommits: 2).ForCommitAsync(head, TestContext.Current.CancellationToken))!;

        Assert.Equal([0L, 0L, 1L, 2L], new[] { "a", "b", "c", "d" }.Select(n => ages.RankOf("TCPRoute", "infra", n)));
    }

    [Fact]
    public async Task Ages_OfATreeNotACommit_AreUnknown()
    {
        using var temp = TempGitRepository.Create();
        temp.Write("a.yaml", TcpRoute("a", "one"));
        temp.Commit("1");

        Assert.Null(await AgesAsync(temp, temp.Git("rev-parse", "HEAD^{tree}")));
    }

    private static async Task<ObjectAges?> AgesAsync(TempGitRepository temp, string commit)
    {
        var repo = await GitRepository.OpenAsync(Git, temp.Path, TestContext.Current.CancellationToken);
        return await new GitObjectAges(repo).ForCommitAsync(commit, TestContext.Current.CancellationToken);
    }

    /// <summary>A TCPRoute on the test Gateway's TCP listener (the ages tests' object).</summary>
    internal static string TcpRoute(string name, string backend) => $"""
        apiVersion: gateway.networking.k8s.io/v1alpha2
        kind: TCPRoute
        metadata: {"{"}name: {name}, namespace: infra{"}"}
        spec:
          parentRefs: [{"{"}name: gw, sectionName: tcp{"}"}]
          rules:
          - backendRefs: [{"{"}name: {backend}, port: 3000{"}"}]

        """;
}
