using GitGateway.Reconciler.Git;

namespace GitGateway.Reconciler.Tests.Source;

/// <summary>
/// A branch read from the mirror's loose ref file is the commit <c>git rev-parse --verify name^{commit}</c> gives, for
/// every name it answers; names git reads another way (a pull request head, an object id, a revision expression, a
/// path out of the ref folder, a file of the git directory) are left to git.
/// </summary>
public sealed class LooseBranchTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Read_BranchNamesAfterAFetch_SameCommitAsGitOrLeftToGit()
    {
        using var repo = GitTestRepo.Create();
        var first = repo.Commit("one");
        var second = repo.Commit("two");
        foreach (var (branch, commit) in new[] { ("feature/x", first), ("heads/main", first), ("pull/1/head", first), ("deadbeef", first), ("config", first), ("refs/heads/main", first) })
        {
            GitTestRepo.Run(repo.Bare, "update-ref", "refs/heads/" + branch, commit);
        }

        GitTestRepo.Run(repo.Bare, "update-ref", "refs/pull/1/head", second);
        var dir = Path.Combine(repo.Root, "mirror.git");
        var mirror = new GitMirror(repo.Bare, dir, GitCredentials.None, TimeSpan.FromSeconds(20), allowFileUrls: true);
        await mirror.FetchAsync(Ct);
        string[] names = ["main", "feature/x", "heads/main", "pull/1/head", "deadbeef", "config", "refs/heads/main", "HEAD", "main~1", "main^", "../main",
            "feature/../main", "-main", ".main", "main.lock", "no-such", second, second[..8], "feature//x", "feature/x/", "main@{0}", ""];

        foreach (var name in names)
        {
            var read = LooseBranch.Read(dir, name);
            var git = name.Length == 0 ? null : Git(dir, name);
            Assert.True(read is null || read == git, $"'{name}': read {read}, git {git}");
        }

        Assert.Equal(second, LooseBranch.Read(dir, "main"));
        Assert.Equal(first, LooseBranch.Read(dir, "feature/x"));
        Assert.Null(LooseBranch.Read(dir, "pull/1/head"));
        Assert.Equal(second, await mirror.ResolveAsync("pull/1/head", Ct));
    }

    private static string? Git(string dir, string name)
    {
        try
        {
            return GitTestRepo.Run(dir, "rev-parse", "--verify", "--quiet", "--end-of-options", name + "^{commit}");
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }
}
