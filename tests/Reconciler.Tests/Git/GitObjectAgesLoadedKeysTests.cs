using System.Text;
using GitGateway.Reconciler.Git;
using GitGateway.Renderer.Layout;
using GitGateway.Renderer.Manifests;
using GitGateway.Renderer.Rendering;

namespace GitGateway.Reconciler.Tests.Git;

/// <summary>
/// Ages whose blob keys come from the render's load of the files (<see cref="PlanRenderer.LoadInto"/>, as
/// <c>gitgateway plan</c> walks) are those of a full walk parsing every blob itself: over random histories of files
/// holding every kind of document the keys tell apart (namespaced, cluster-scoped, unset namespace, unknown kinds,
/// no name, not a mapping, broken YAML, bytes that are not UTF-8), routing tests and dot folders the load skips.
/// </summary>
public sealed class GitObjectAgesLoadedKeysTests
{
    private static readonly GitCli Git = new(defaultTimeout: TimeSpan.FromSeconds(30));
    private static readonly string[] Names = ["a", "b", "c", "d"];
    private static readonly string[] Paths =
        ["one.yaml", "two.yml", "dir/three.yaml", "dir/four.yaml", "teams/t1/routes/five.yaml", "teams/t1/tests/six.yaml", ".hidden/seven.yaml", "eight.json"];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    public async Task Ages_KeysFromTheRendersLoad_SameAsFullWalksParsingEveryBlob(int seed)
    {
        var random = new Random(seed);
        using var temp = TempGitRepository.Create();
        var commits = RandomHistory(temp, random, layout: seed % 2 == 0);
        var repo = await GitRepository.OpenAsync(Git, temp.Path, TestContext.Current.CancellationToken);
        var reader = new GitTreeReader(repo);
        var fromLoad = 0;

        // As `gitgateway plan` asks: the base's files loaded, then the base and the head from one instance and that load.
        foreach (var (baseCommit, head) in commits.Zip(commits.Skip(1)))
        {
            var baseFiles = (await reader.ReadAsync(baseCommit, TestContext.Current.CancellationToken)).Files;
            var headFiles = (await reader.ReadAsync(head, baseFiles, TestContext.Current.CancellationToken)).Files;
            var cache = new ManifestCache();
            PlanRenderer.LoadInto(cache, baseFiles, RepoLayout.Load(baseFiles));
            var ages = new GitObjectAges(repo);
            var atBase = await ages.ForCommitAsync(baseCommit, baseFiles, cache, TestContext.Current.CancellationToken);
            var atHead = await ages.ForCommitAsync(head, headFiles, cache, TestContext.Current.CancellationToken);
            fromLoad += ages.KeysFromLoad;

            AssertSame(await new GitObjectAges(repo).ForCommitAsync(baseCommit, TestContext.Current.CancellationToken), atBase, baseCommit);
            AssertSame(await new GitObjectAges(repo).ForCommitAsync(head, TestContext.Current.CancellationToken), atHead, head);
        }

        Assert.True(fromLoad > 0, "no blob's keys were taken from the load");
    }

    // Commits of random writes, deletes and renames over a few paths, each file a few random documents.
    private static List<string> RandomHistory(TempGitRepository temp, Random random, bool layout)
    {
        if (layout)
        {
            temp.Write("gitgateway.yaml", "apiVersion: gitgateway.dev/v1alpha1\nkind: GitGatewayConfig\nmetadata: {name: config}\nspec: {}\n");
        }

        var commits = new List<string>();
        for (var i = 0; i < 7; i++)
        {
            foreach (var path in Paths.Where(_ => random.Next(3) == 0))
            {
                Change(temp, random, path);
            }

            temp.Write($"always-{i % 2}.yaml", RandomDocuments(random)); // never an empty commit
            commits.Add(temp.Commit($"change {i}"));
        }

        return commits;
    }

    private static void Change(TempGitRepository temp, Random random, string path)
    {
        var full = Path.Combine(temp.Path, path);
        switch (random.Next(4))
        {
            case 0 when File.Exists(full):
                File.Delete(full);
                break;
            case 1 when File.Exists(full):
                var to = Paths[random.Next(Paths.Length)];
                if (to != path)
                {
                    Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(temp.Path, to))!);
                    File.Move(full, Path.Combine(temp.Path, to), overwrite: true);
                }

                break;
            case 2 when random.Next(5) == 0:
                Directory.CreateDirectory(Path.GetDirectoryName(full)!);
                File.WriteAllBytes(full, [.. Encoding.UTF8.GetBytes(RandomDocuments(random)), 0xC3, 0x28]);
                break;
            default:
                temp.Write(path, RandomDocuments(random));
                break;
        }
    }

    private static string RandomDocuments(Random random) =>
        string.Join("---\n", Enumerable.Range(0, random.Next(1, 4)).Select(_ => RandomDocument(random)));

    private static string RandomDocument(Random random)
    {
        var name = Names[random.Next(Names.Length)];
        return random.Next(9) switch
        {
            0 => $"apiVersion: gateway.networking.k8s.io/v1alpha2\nkind: TCPRoute\nmetadata: {{name: {name}, namespace: infra}}\nspec: {{}}\n",
            1 => $"apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {{name: {name}}}\nspec: {{}}\n",
            2 => $"apiVersion: gateway.networking.k8s.io/v1\nkind: GatewayClass\nmetadata: {{name: {name}, namespace: ignored}}\nspec: {{controllerName: x}}\n",
            3 => $"apiVersion: example.com/v1\nkind: Widget\nmetadata: {{name: {name}, namespace: infra}}\n",
            4 => $"kind: TCPRoute\nmetadata: {{name: {name}, namespace: {{nested: map}}}}\n",
            5 => "apiVersion: v1\nkind: Service\nmetadata: {namespace: infra}\n",
            6 => $"- {name}\n- not a mapping\n",
            7 => $"kind: HTTPRoute\nmetadata: {{name: {name}, namespace: [unclosed\n",
            _ => $"apiVersion: v1\nkind: Service\nmetadata:\n  name: \"{name}\"\n  namespace: infra\nspec: {{ports: [{{port: 80}}]}}\n",
        };
    }

    // Equal count and basis, and the same rank for every key the documents above can have.
    private static void AssertSame(ObjectAges? full, ObjectAges? loaded, string commit)
    {
        Assert.NotNull(full);
        Assert.NotNull(loaded);
        Assert.Equal((commit, full.Basis, full.Count), (commit, loaded.Basis, loaded.Count));
        string[] kinds = ["TCPRoute", "HTTPRoute", "GatewayClass", "Widget", "Service"];
        string?[] namespaces = [null, "infra", "default", "ignored"];
        var keys = kinds.SelectMany(k => namespaces.SelectMany(ns => Names.Select(n => (k, ns, n)))).ToList();
        Assert.Equal(keys.Select(k => full.RankOf(k.k, k.ns, k.n)), keys.Select(k => loaded.RankOf(k.k, k.ns, k.n)));
    }
}
