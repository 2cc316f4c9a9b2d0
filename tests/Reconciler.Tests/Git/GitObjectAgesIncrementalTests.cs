using GitGateway.Reconciler.Git;
using GitGateway.Renderer.Rendering;

namespace GitGateway.Reconciler.Tests.Git;

/// <summary>
/// Ages taken from the previous head's state and the new commits give what a full walk of the history gives, through
/// renames, deletes, re-adds, merges and a head whose first-parent chain leaves the previous one.
/// </summary>
public sealed class GitObjectAgesIncrementalTests
{
    private static readonly GitCli Git = new(defaultTimeout: TimeSpan.FromSeconds(30));
    private static readonly string[] Names = ["r1", "r2", "r3", "r4", "r5", "r6"];

    [Fact]
    public Task Ages_EachHeadFromThePreviousOne_SameAsAFullWalk() => AssertEachHeadAsAFullWalkAsync(repo => new GitObjectAges(repo));

    [Fact]
    public Task Ages_AppliedOneChangeAtATime_SameAsAFullWalk() => AssertEachHeadAsAFullWalkAsync(repo => new GitObjectAges(repo, batchChanges: 1));

    [Fact]
    public async Task Ages_HistoryGrowsPastTheWindow_SameAsAFullWalk()
    {
        using var temp = TempGitRepository.Create();
        var heads = new List<string>();
        foreach (var name in Names)
        {
            temp.Write(name + ".yaml", TcpRoute(name));
            heads.Add(temp.Commit("add " + name));
        }

        var repo = await GitRepository.OpenAsync(Git, temp.Path, TestContext.Current.CancellationToken);
        var incremental = new GitObjectAges(repo, maxCommits: 4);
        foreach (var head in heads)
        {
            var next = await incremental.ForCommitAsync(head, TestContext.Current.CancellationToken);
            var full = await new GitObjectAges(repo, maxCommits: 4).ForCommitAsync(head, TestContext.Current.CancellationToken);
            AssertSame(full!, next!, head);
        }

        Assert.Equal(3, incremental.Extended);
    }

    [Fact]
    public async Task Ages_HeadOnAnUnrelatedHistory_WalkedInFullAsAFreshWalkWould()
    {
        using var temp = TempGitRepository.Create();
        temp.Write("a.yaml", TcpRoute("r1"));
        var first = temp.Commit("r1");
        temp.Git("checkout", "-q", "--orphan", "rewritten");
        temp.Git("rm", "-q", "-r", "--cached", ".");
        temp.Write("b.yaml", TcpRoute("r2"));
        temp.Commit("r2");
        temp.Write("a.yaml", TcpRoute("r1"));
        temp.Commit("r1 again");
        temp.Write("c.yaml", TcpRoute("r3"));
        var head = temp.Commit("r3");

        var repo = await GitRepository.OpenAsync(Git, temp.Path, TestContext.Current.CancellationToken);
        var incremental = new GitObjectAges(repo, maxCommits: 2);
        await incremental.ForCommitAsync(first, TestContext.Current.CancellationToken);
        var next = await incremental.ForCommitAsync(head, TestContext.Current.CancellationToken);
        var full = await new GitObjectAges(repo, maxCommits: 2).ForCommitAsync(head, TestContext.Current.CancellationToken);

        AssertSame(full!, next!, head);
        Assert.Equal(0, incremental.Extended);
    }

    [Fact]
    public async Task Ages_BaseThenHeadGivenTheirFiles_SameAsFullWalksReadingGit()
    {
        using var temp = TempGitRepository.Create();
        var heads = BuildHistory(temp);
        var repo = await GitRepository.OpenAsync(Git, temp.Path, TestContext.Current.CancellationToken);
        var reader = new GitTreeReader(repo);

        // As `gitgateway plan` asks: the base with its tree's files, then the head with its own, from one instance.
        foreach (var (baseCommit, head) in heads.Zip(heads.Skip(1)))
        {
            var ages = new GitObjectAges(repo);
            var atBase = await ages.ForCommitAsync(baseCommit, (await reader.ReadAsync(baseCommit, TestContext.Current.CancellationToken)).Files, TestContext.Current.CancellationToken);
            var atHead = await ages.ForCommitAsync(head, (await reader.ReadAsync(head, TestContext.Current.CancellationToken)).Files, TestContext.Current.CancellationToken);
            AssertSame((await new GitObjectAges(repo).ForCommitAsync(baseCommit, TestContext.Current.CancellationToken))!, atBase!, baseCommit);
            AssertSame((await new GitObjectAges(repo).ForCommitAsync(head, TestContext.Current.CancellationToken))!, atHead!, head);
        }
    }

    [Fact]
    public async Task Ages_BlobGivenByTheCaller_TakenFromTheCallerNotFromGit()
    {
        using var temp = TempGitRepository.Create();
        temp.Write("a.yaml", TcpRoute("r1"));
        var head = temp.Commit("r1");
        var blob = temp.Git("rev-parse", "HEAD:a.yaml");
        var repo = await GitRepository.OpenAsync(Git, temp.Path, TestContext.Current.CancellationToken);

        // Content no git object holds, under the blob's id: only the caller's files can have given the key r2.
        SourceFile given = new("a.yaml", System.Text.Encoding.UTF8.GetBytes(TcpRoute("r2"))) { BlobId = blob };
        var ages = (await new GitObjectAges(repo).ForCommitAsync(head, [given], TestContext.Current.CancellationToken))!;

        Assert.Equal((1L, long.MaxValue), (ages.RankOf("TCPRoute", "infra", "r2"), ages.RankOf("TCPRoute", "infra", "r1")));
    }

    [Fact]
    public async Task Ages_BlobInADotFolderThenAtAManifestPath_DotFolderHoldsNoKeyInEitherWalk()
    {
        using var temp = TempGitRepository.Create();
        temp.Write(".hidden/a.yaml", TcpRoute("r1"));
        temp.Write("b.yaml", TcpRoute("r2"));
        var first = temp.Commit("r1 in a dot folder");
        temp.Write("c.yaml", TcpRoute("r1"));
        var head = temp.Commit("the same bytes at a manifest path");
        var repo = await GitRepository.OpenAsync(Git, temp.Path, TestContext.Current.CancellationToken);

        // One batch holds both commits in the full walk; the incremental one reads the second commit's blob alone.
        var full = (await new GitObjectAges(repo).ForCommitAsync(head, TestContext.Current.CancellationToken))!;
        var incremental = new GitObjectAges(repo);
        await incremental.ForCommitAsync(first, TestContext.Current.CancellationToken);
        var next = (await incremental.ForCommitAsync(head, TestContext.Current.CancellationToken))!;

        Assert.Equal((2L, 2L), (full.RankOf("TCPRoute", "infra", "r1"), next.RankOf("TCPRoute", "infra", "r1")));
        AssertSame(full, next, head);
    }

    [Fact]
    public async Task Ages_LogSeveralTimesItsReadBuffer_EveryObjectRanked()
    {
        using var temp = TempGitRepository.Create();
        var folder = string.Join('/', Enumerable.Repeat("a-rather-long-folder-name", 4));
        var names = Enumerable.Range(0, 600).Select(i => $"route-{i:D4}").ToList();
        foreach (var name in names)
        {
            temp.Write($"{folder}/{name}.yaml", TcpRoute(name));
        }

        temp.Commit("600 routes");
        foreach (var name in names.Where((_, i) => i % 2 == 0))
        {
            File.Delete(Path.Combine(temp.Path, folder, name + ".yaml"));
        }

        temp.Commit("half of them deleted");
        temp.Write($"{folder}/{names[0]}.yaml", TcpRoute(names[0]));
        var head = temp.Commit("the first added again");
        var repo = await GitRepository.OpenAsync(Git, temp.Path, TestContext.Current.CancellationToken);

        var ages = (await new GitObjectAges(repo, batchChanges: 100).ForCommitAsync(head, TestContext.Current.CancellationToken))!;

        long Expected(int i) => i == 0 ? 3 : i % 2 == 0 ? long.MaxValue : 1;
        Assert.Equal(names.Select((n, i) => (n, Expected(i))), names.Select(n => (n, ages.RankOf("TCPRoute", "infra", n))));
        Assert.Equal(301, ages.Count);
    }

    // Each head of BuildHistory asked of one instance in turn, compared with a fresh full walk of it.
    private static async Task AssertEachHeadAsAFullWalkAsync(Func<GitRepository, GitObjectAges> create)
    {
        using var temp = TempGitRepository.Create();
        var heads = BuildHistory(temp);
        var repo = await GitRepository.OpenAsync(Git, temp.Path, TestContext.Current.CancellationToken);
        var incremental = create(repo);

        foreach (var head in heads)
        {
            var next = await incremental.ForCommitAsync(head, TestContext.Current.CancellationToken);
            var full = await new GitObjectAges(repo).ForCommitAsync(head, TestContext.Current.CancellationToken);
            AssertSame(full!, next!, head);
        }

        // Every head but the first and the one whose chain runs through the other branch went on from the one before.
        Assert.Equal(heads.Count - 2, incremental.Extended);
    }

    // The target branch's heads, each as a push would bring it.
    private static List<string> BuildHistory(TempGitRepository temp)
    {
        var heads = new List<string>();
        temp.Write("a.yaml", TcpRoute("r1"));
        temp.Write("b.yaml", TcpRoute("r2"));
        heads.Add(temp.Commit("two routes"));
        Directory.CreateDirectory(Path.Combine(temp.Path, "dir"));
        temp.Git("mv", "a.yaml", "dir/a2.yaml");
        temp.Write("dir/a2.yaml", TcpRoute("r1") + "---\n" + TcpRoute("r3"));
        heads.Add(temp.Commit("rename, and a route added to the renamed file"));
        File.Delete(Path.Combine(temp.Path, "b.yaml"));
        heads.Add(temp.Commit("delete r2"));
        temp.Write("c.yaml", TcpRoute("r2"));
        heads.Add(temp.Commit("add r2 again"));
        heads.Add(MergeFeature(temp));
        heads.Add(FirstParentFromAnotherBranch(temp));
        heads.Add(temp.Commit("empty"));
        temp.Write("dir/a2.yaml", TcpRoute("r1"));
        temp.Write("f.yaml", TcpRoute("r3"));
        heads.Add(temp.Commit("r3 moves to another file"));
        foreach (var file in Directory.EnumerateFiles(temp.Path, "*.yaml", SearchOption.AllDirectories))
        {
            File.Delete(file);
        }

        temp.Write("g.yaml", TcpRoute("r1") + "---\n" + TcpRoute("r6"));
        heads.Add(temp.Commit("everything deleted, r1 added again with r6"));
        return heads;
    }

    // A branch adds r4 and moves r1 into its file; the target branch adds r5 meanwhile; a merge commit brings the branch.
    private static string MergeFeature(TempGitRepository temp)
    {
        temp.Git("checkout", "-q", "-b", "feature");
        temp.Write("dir/a2.yaml", TcpRoute("r3"));
        temp.Write("d.yaml", TcpRoute("r4") + "---\n" + TcpRoute("r1"));
        temp.Commit("feature: r4, r1 moved");
        temp.Git("checkout", "-q", "main");
        temp.Write("e.yaml", TcpRoute("r5"));
        temp.Commit("main: r5");
        temp.Git("merge", "-q", "--no-ff", "-m", "merge feature", "feature");
        return temp.Git("rev-parse", "HEAD");
    }

    // The target branch merged into another one, which the target branch then fast-forwards to: its first parent is that branch.
    private static string FirstParentFromAnotherBranch(TempGitRepository temp)
    {
        temp.Git("checkout", "-q", "-b", "side", "HEAD~1");
        temp.Write("e.yaml", TcpRoute("r5") + "---\n" + TcpRoute("r6"));
        temp.Commit("side: r6");
        temp.Git("merge", "-q", "--no-ff", "-m", "merge main into side", "main");
        temp.Git("checkout", "-q", "main");
        temp.Git("merge", "-q", "--ff-only", "side");
        return temp.Git("rev-parse", "HEAD");
    }

    private static void AssertSame(ObjectAges full, ObjectAges incremental, string head)
    {
        Assert.Equal(full.Basis, incremental.Basis);
        Assert.Equal(full.Count, incremental.Count);
        Assert.Equal(
            Names.Select(n => (head, n, full.RankOf("TCPRoute", "infra", n))),
            Names.Select(n => (head, n, incremental.RankOf("TCPRoute", "infra", n))));
    }

    private static string TcpRoute(string name) => GitObjectAgesTests.TcpRoute(name, "one");
}
