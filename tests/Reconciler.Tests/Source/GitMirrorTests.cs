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
    public async Task Fetch_AfterNewCommit_SeesIt()
    {
        using var repo = GitTestRepo.Create();
        repo.Write("a.yaml", "a: 1\n");
        repo.Commit("one");
        var mirror = new GitMirror(repo.Bare, Path.Combine(repo.Root, "mirror.git"), GitCredentials.None, TimeSpan.FromSeconds(20));
        await mirror.FetchAsync(Ct);
        repo.Write("a.yaml", "a: 2\n");
        var second = repo.Commit("two");

        await mirror.FetchAsync(Ct);

        Assert.Equal(second, await mirror.ResolveAsync("main", Ct));
        Assert.Null(await mirror.ResolveAsync("no-such-branch", Ct));
    }

    [Fact]
    public async Task Fetch_UnreachableWithTokenInUrl_ErrorHasNoCredentials()
    {
        using var repo = GitTestRepo.Create();
        var credentials = new GitCredentials("s3cr3t-token", null);
        var mirror = new GitMirror("http://user:hunter2@127.0.0.1:1/routing.git", Path.Combine(repo.Root, "m.git"), credentials, TimeSpan.FromSeconds(20));

        var ex = await Assert.ThrowsAsync<GitMirrorException>(() => mirror.FetchAsync(Ct));

        Assert.DoesNotContain("hunter2", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr3t-token", ex.Message, StringComparison.Ordinal);
        Assert.Contains("fetch", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Sanitize_TokenAndUserInfo_AreMasked()
    {
        var credentials = new GitCredentials("tok123", null);

        var text = credentials.Sanitize("fatal: https://x:tok123@github.com/a/b.git and tok123");

        Assert.Equal("fatal: https://***@github.com/a/b.git and ***", text);
    }
}
