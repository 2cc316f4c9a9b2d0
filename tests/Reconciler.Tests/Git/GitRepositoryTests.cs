using GitGateway.Reconciler.Git;

namespace GitGateway.Reconciler.Tests.Git;

public sealed class GitRepositoryTests
{
    private static readonly GitCli Git = new(defaultTimeout: TimeSpan.FromSeconds(30));

    [Fact]
    public async Task ResolveCommit_BranchName_ReturnsFullCommitId()
    {
        using var temp = TempGitRepository.Create();
        temp.Write("a.yaml", "a: 1\n");
        var commit = temp.Commit("first");

        var repo = await GitRepository.OpenAsync(Git, temp.Path, TestContext.Current.CancellationToken);
        var resolved = await repo.ResolveCommitAsync("main", TestContext.Current.CancellationToken);

        Assert.Equal(commit, resolved);
        Assert.Equal(40, resolved.Length);
    }

    [Fact]
    public async Task ResolveCommit_UnknownRevision_ThrowsUnknownRevision()
    {
        using var temp = TempGitRepository.Create();
        temp.Commit("first");
        var repo = await GitRepository.OpenAsync(Git, temp.Path, TestContext.Current.CancellationToken);

        var error = await Assert.ThrowsAsync<GitException>(() => repo.ResolveCommitAsync("no-such-branch", TestContext.Current.CancellationToken));

        Assert.Equal(GitFailure.UnknownRevision, error.Failure);
        Assert.Contains("no-such-branch", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ResolveCommit_OptionLikeRevision_IsNotReadAsAnOption()
    {
        using var temp = TempGitRepository.Create();
        temp.Commit("first");
        var repo = await GitRepository.OpenAsync(Git, temp.Path, TestContext.Current.CancellationToken);
        var target = Path.Combine(temp.Path, "written-by-option");

        var error = await Assert.ThrowsAsync<GitException>(() => repo.ResolveCommitAsync("--output=" + target, TestContext.Current.CancellationToken));

        Assert.Equal(GitFailure.UnknownRevision, error.Failure);
        Assert.False(File.Exists(target));
    }

    [Fact]
    public async Task Open_DirectoryWithoutRepository_ThrowsNotARepository()
    {
        Fixtures.Peer.Require("git", "git");
        var dir = Directory.CreateTempSubdirectory("gitgateway-norepo-");
        try
        {
            var error = await Assert.ThrowsAsync<GitException>(() => GitRepository.OpenAsync(Git, dir.FullName, TestContext.Current.CancellationToken));
            Assert.Equal(GitFailure.NotARepository, error.Failure);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task MergeBase_DivergedBranches_ReturnsForkPoint()
    {
        using var temp = TempGitRepository.Create();
        temp.Write("a.yaml", "a: 1\n");
        var fork = temp.Commit("fork point");
        temp.Git("checkout", "-q", "-b", "feature");
        temp.Write("a.yaml", "a: 2\n");
        var feature = temp.Commit("feature");
        temp.Git("checkout", "-q", "main");
        temp.Write("b.yaml", "b: 1\n");
        var main = temp.Commit("main moved on");
        var repo = await GitRepository.OpenAsync(Git, temp.Path, TestContext.Current.CancellationToken);

        var mergeBase = await repo.MergeBaseAsync(main, feature, TestContext.Current.CancellationToken);

        Assert.Equal(fork, mergeBase);
    }

    [Fact]
    public async Task MergeBase_UnrelatedHistories_ReturnsNull()
    {
        using var temp = TempGitRepository.Create();
        var first = temp.Commit("root one");
        temp.Git("checkout", "-q", "--orphan", "other");
        temp.Write("x.yaml", "x: 1\n");
        var second = temp.Commit("root two");
        var repo = await GitRepository.OpenAsync(Git, temp.Path, TestContext.Current.CancellationToken);

        Assert.Null(await repo.MergeBaseAsync(first, second, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task ReadBlobs_ThousandsOfObjects_StreamsAllInRequestOrder()
    {
        using var temp = TempGitRepository.Create();
        var ids = new List<string>();
        var input = string.Join("", Enumerable.Range(0, 3000).Select(i => $"blob number {i}\n"));
        foreach (var line in input.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            ids.Add(temp.Run(line, "hash-object", "-w", "--stdin"));
        }

        var repo = new GitRepository(Git, Path.Combine(temp.Path, ".git"));
        var contents = new List<string>();
        await foreach (var blob in repo.ReadBlobsAsync(ids, TestContext.Current.CancellationToken))
        {
            contents.Add(System.Text.Encoding.UTF8.GetString(blob.Content.Span));
        }

        Assert.Equal(3000, contents.Count);
        Assert.Equal("blob number 0", contents[0]);
        Assert.Equal("blob number 2999", contents[^1]);
    }

    [Fact]
    public async Task ReadBlobs_EmptyAndLargerThanTheBuffer_ByteForByte()
    {
        using var temp = TempGitRepository.Create();
        var random = new Random(16);
        string[] texts =
        [
            "",
            new('a', 64 * 1024 - 1),
            string.Concat(Enumerable.Range(0, 20_000).Select(_ => (char)('a' + random.Next(26)))),
            string.Concat(Enumerable.Range(0, 200_000).Select(i => (char)('a' + (i % 26)))) + "\n",
            "\n",
        ];
        var ids = texts.Select(t => temp.Run(t, "hash-object", "-w", "--stdin")).ToList();
        var repo = new GitRepository(Git, Path.Combine(temp.Path, ".git"));

        var blobs = await repo.ReadBlobsAsync(ids, TestContext.Current.CancellationToken).ToListAsync(TestContext.Current.CancellationToken);

        Assert.Equal(ids, blobs.Select(b => b.ObjectId));
        Assert.Equal(texts, blobs.Select(b => System.Text.Encoding.UTF8.GetString(b.Content.Span)));
    }

    [Fact]
    public async Task ReadBlobs_MissingObject_IsReportedMissing()
    {
        using var temp = TempGitRepository.Create();
        temp.Commit("first");
        var repo = new GitRepository(Git, Path.Combine(temp.Path, ".git"));

        var blobs = await repo.ReadBlobsAsync([new string('0', 40)], TestContext.Current.CancellationToken).ToListAsync(TestContext.Current.CancellationToken);

        Assert.True(Assert.Single(blobs).IsMissing);
    }

    [Fact]
    public async Task ReadBlobs_IdWithNewline_IsRejectedBeforeGitRuns()
    {
        var repo = new GitRepository(Git, "/nonexistent/.git");

        await Assert.ThrowsAsync<ArgumentException>(async () =>
            await repo.ReadBlobsAsync(["HEAD\nmain"], TestContext.Current.CancellationToken).ToListAsync(TestContext.Current.CancellationToken));
    }
}
