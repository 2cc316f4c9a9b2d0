using System.Text;
using GitGateway.Reconciler.Git;

namespace GitGateway.Reconciler.Tests.Source;

public sealed class GitMirrorTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Read_CommitOverGitDaemon_ReturnsFilesAndReportsSymlinks()
    {
        using var repo = GitTestRepo.Create();
        repo.Write("teams/store/routes/api.yaml", "kind: HTTPRoute\n");
        repo.Write("gitgateway.yaml", "kind: GitGatewayConfig\n");
        File.CreateSymbolicLink(Path.Combine(repo.Work, "teams/store/routes/link.yaml"), "/etc/passwd");
        var commit = repo.Commit("seed");
        using var daemon = await GitDaemon.StartAsync(Path.Combine(repo.Root, "origin"), Ct);
        var mirror = new GitMirror(daemon.Url("routing.git"), Path.Combine(repo.Root, "mirror.git"), GitCredentials.None, TimeSpan.FromSeconds(20));

        await mirror.FetchAsync(Ct);
        var head = await mirror.ResolveAsync("main", Ct);
        var files = await mirror.ReadAsync(head!, Ct);

        Assert.Equal(commit, head);
        Assert.Equal(["gitgateway.yaml", "teams/store/routes/api.yaml"], files.Files.Select(f => f.Path));
        Assert.Equal("kind: HTTPRoute\n", Encoding.UTF8.GetString(files.Files[1].Content.Span));
        Assert.Contains(files.Diagnostics, d => d.File == "teams/store/routes/link.yaml");
    }

    [Fact]
    public async Task Fetch_AfterNewCommit_SeesItAndWritesNoFetchHead()
    {
        using var repo = GitTestRepo.Create();
        repo.Write("a.yaml", "a: 1\n");
        repo.Commit("one");
        var dir = Path.Combine(repo.Root, "mirror.git");
        var mirror = new GitMirror(repo.Bare, dir, GitCredentials.None, TimeSpan.FromSeconds(20), allowFileUrls: true);
        await mirror.FetchAsync(Ct);
        repo.Write("a.yaml", "a: 2\n");
        var second = repo.Commit("two");

        await mirror.FetchAsync(Ct);

        Assert.Equal(second, await mirror.ResolveAsync("main", Ct));
        Assert.Null(await mirror.ResolveAsync("no-such-branch", Ct));
        Assert.False(File.Exists(Path.Combine(dir, "FETCH_HEAD")));
    }

    [Fact]
    public async Task Fetch_PacksPilingUp_PackedByTheCheckAfterEveryMaintenanceEveryFetches()
    {
        using var repo = GitTestRepo.Create();
        repo.Commit("seed");
        var dir = Path.Combine(repo.Root, "mirror.git");
        var mirror = new GitMirror(repo.Bare, dir, GitCredentials.None, TimeSpan.FromSeconds(20), allowFileUrls: true);
        await mirror.FetchAsync(Ct);
        // Every fetch keeps its own pack, and more than two packs is what git's auto-maintenance packs into one (in the foreground).
        GitTestRepo.Run(dir, "config", "fetch.unpackLimit", "1");
        GitTestRepo.Run(dir, "config", "gc.autoPackLimit", "2");
        GitTestRepo.Run(dir, "config", "gc.autoDetach", "false");
        var packs = new List<int>();
        for (var i = 2; i <= GitMirror.MaintenanceEvery; i++)
        {
            repo.Write("a.yaml", $"a: {i}\n");
            repo.Commit($"commit {i}");
            await mirror.FetchAsync(Ct);
            packs.Add(Directory.GetFiles(Path.Combine(dir, "objects", "pack"), "*.pack").Length);
        }

        Assert.True(packs[^2] >= GitMirror.MaintenanceEvery - 2, $"packs after each fetch: {string.Join(", ", packs)} (a check ran before the {GitMirror.MaintenanceEvery}th fetch)");
        Assert.Equal(1, packs[^1]);
        Assert.Equal(repo.Head(), await mirror.ResolveAsync("main", Ct));
    }

    [Fact]
    public async Task Read_NextCommitsOnTheBranch_TreeDerivedAndAgesFromTheSameLog_AsReadAndWalkedWhole()
    {
        using var repo = GitTestRepo.Create();
        repo.Write("a.yaml", GitGateway.Reconciler.Tests.Git.GitObjectAgesTests.TcpRoute("r1", "one"));
        repo.Write("b.yaml", GitGateway.Reconciler.Tests.Git.GitObjectAgesTests.TcpRoute("r2", "one"));
        repo.Commit("two routes");
        var dir = Path.Combine(repo.Root, "mirror.git");
        var mirror = new GitMirror(repo.Bare, dir, GitCredentials.None, TimeSpan.FromSeconds(20), allowFileUrls: true);
        var heads = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            await mirror.FetchAsync(Ct);
            var head = (await mirror.ResolveAsync("main", Ct))!;
            heads.Add(head);
            var files = await mirror.ReadAsync(head, Ct);
            var ages = (await mirror.AgesAsync(head, files.Files, Ct))!;

            var whole = new GitTreeReader(await GitRepository.OpenAsync(new GitCli(defaultTimeout: TimeSpan.FromSeconds(20)), dir, Ct));
            var listed = await whole.ReadAsync(head, Ct);
            Assert.Equal(listed.Files.Select(f => (f.Path, f.BlobId, Encoding.UTF8.GetString(f.Content.Span))), files.Files.Select(f => (f.Path, f.BlobId, Encoding.UTF8.GetString(f.Content.Span))));
            Assert.Equal(listed.Diagnostics, files.Diagnostics);
            var walked = (await new GitObjectAges(await GitRepository.OpenAsync(new GitCli(defaultTimeout: TimeSpan.FromSeconds(20)), dir, Ct)).ForCommitAsync(head, Ct))!;
            Assert.Equal(
                new[] { "r1", "r2", "r3", "r4" }.Select(n => walked.RankOf("TCPRoute", "infra", n)),
                new[] { "r1", "r2", "r3", "r4" }.Select(n => ages.RankOf("TCPRoute", "infra", n)));

            // The next merge: a route moved to another file, one added, one removed.
            repo.Delete("a.yaml");
            repo.Write($"moved{i}.yaml", GitGateway.Reconciler.Tests.Git.GitObjectAgesTests.TcpRoute("r1", "one"));
            repo.Write("c.yaml", GitGateway.Reconciler.Tests.Git.GitObjectAgesTests.TcpRoute(i % 2 == 0 ? "r3" : "r4", "one"));
            if (i > 0)
            {
                repo.Delete($"moved{i - 1}.yaml");
                repo.Write("a.yaml", GitGateway.Reconciler.Tests.Git.GitObjectAgesTests.TcpRoute("r1", "one"));
            }

            repo.Commit($"merge {i}");
        }

        Assert.Equal((2, 2), (mirror.Derived, mirror.AgesFromTreeLog));
    }

    [Fact]
    public async Task Fetch_UnreachableWithTokenInUrl_ErrorHasNoCredentials()
    {
        using var repo = GitTestRepo.Create();
        var credentials = new GitCredentials("s3cr3t-token", null);
        var mirror = new GitMirror("https://user:hunter2@127.0.0.1:1/routing.git", Path.Combine(repo.Root, "m.git"), credentials, TimeSpan.FromSeconds(20));

        var ex = await Assert.ThrowsAsync<GitMirrorException>(() => mirror.FetchAsync(Ct));

        Assert.DoesNotContain("hunter2", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr3t-token", ex.Message, StringComparison.Ordinal);
        Assert.Contains("fetch", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fetch_StaleRefLockInTheMirror_IsRemovedAndTheFetchSucceeds()
    {
        using var repo = GitTestRepo.Create();
        repo.Commit("one");
        var dir = Path.Combine(repo.Root, "mirror.git");
        var mirror = new GitMirror(repo.Bare, dir, GitCredentials.None, TimeSpan.FromSeconds(20), allowFileUrls: true);
        await mirror.FetchAsync(Ct);
        var second = repo.Commit("two");
        var stale = Path.Combine(dir, "refs", "heads", "main.lock");
        File.WriteAllText(stale, "");
        File.SetLastWriteTimeUtc(stale, DateTime.UtcNow.AddHours(-1));

        await mirror.FetchAsync(Ct);

        Assert.Equal(second, await mirror.ResolveAsync("main", Ct));
        Assert.False(File.Exists(stale));
    }

    [Fact]
    public async Task Fetch_FreshLock_IsLeftAlone()
    {
        using var repo = GitTestRepo.Create();
        repo.Commit("one");
        var dir = Path.Combine(repo.Root, "mirror.git");
        var mirror = new GitMirror(repo.Bare, dir, GitCredentials.None, TimeSpan.FromSeconds(20), allowFileUrls: true);
        await mirror.FetchAsync(Ct);
        var fresh = Path.Combine(dir, "shallow.lock");
        File.WriteAllText(fresh, "");

        await mirror.FetchAsync(Ct);

        Assert.True(File.Exists(fresh));
    }

    [Fact]
    public async Task Fetch_RepositoryUrlChanged_ClonesTheNewRemote()
    {
        using var first = GitTestRepo.Create();
        var old = first.Commit("old remote");
        using var second = GitTestRepo.Create();
        var moved = second.Commit("new remote");
        var dir = Path.Combine(first.Root, "mirror.git");
        await new GitMirror(first.Bare, dir, GitCredentials.None, TimeSpan.FromSeconds(20), allowFileUrls: true).FetchAsync(Ct);

        var mirror = new GitMirror(second.Bare, dir, GitCredentials.None, TimeSpan.FromSeconds(20), allowFileUrls: true);
        await mirror.FetchAsync(Ct);

        Assert.Equal(moved, await mirror.ResolveAsync("main", Ct));
        Assert.Null(await mirror.ResolveAsync(old, Ct));
    }

    [Fact]
    public async Task Fetch_LocalPathWithoutTheFlag_IsRefused()
    {
        using var repo = GitTestRepo.Create();
        repo.Commit("one");

        var path = await Assert.ThrowsAsync<GitMirrorException>(() =>
            new GitMirror(repo.Bare, Path.Combine(repo.Root, "a.git"), GitCredentials.None, TimeSpan.FromSeconds(20)).FetchAsync(Ct));
        var fileUrl = await Assert.ThrowsAsync<GitMirrorException>(() =>
            new GitMirror("file://" + repo.Bare, Path.Combine(repo.Root, "b.git"), GitCredentials.None, TimeSpan.FromSeconds(20)).FetchAsync(Ct));

        Assert.Contains("allowFileUrls", path.Message, StringComparison.Ordinal);
        Assert.Contains("allowFileUrls", fileUrl.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(repo.Root, "a.git")));
    }

    [Fact]
    public void Sanitize_TokenAndUserInfo_AreMasked()
    {
        var credentials = new GitCredentials("tok123", null);

        var text = credentials.Sanitize("fatal: https://x:tok123@github.com/a/b.git and tok123");

        Assert.Equal("fatal: https://***@github.com/a/b.git and ***", text);
    }
}
