using GitGateway.Reconciler.Tests.GitHub;
using GitGateway.Reconciler.Tests.Source;

namespace GitGateway.Reconciler.Tests.EndToEnd;

/// <summary>
/// One repository of <see cref="MultiRepoFixture"/>: a real repository served by its own <c>git daemon</c>, its own
/// GitHub emulator (so pull requests, comments and checks of two repositories never mix), node token and webhook
/// secret.
/// </summary>
internal sealed class FixtureRepository : IAsyncDisposable
{
    private FixtureRepository(string name, GitTestRepo repo, GitDaemon daemon, GitHubEmulator github)
    {
        Name = name;
        Repo = repo;
        Daemon = daemon;
        GitHub = github;
    }

    public string Name { get; }

    public string FullName => "acme/routing-" + Name;

    public string NodeToken => "node-token-" + Name;

    public string WebhookSecret => "webhook-secret-" + Name;

    public GitTestRepo Repo { get; }

    public GitDaemon Daemon { get; }

    public GitHubEmulator GitHub { get; }

    /// <summary>A repository seeded from examples/repo-layout (plus a file naming it, so two seeds never share a commit).</summary>
    public static async Task<FixtureRepository> StartAsync(string name, CancellationToken cancellationToken)
    {
        var repo = GitTestRepo.Create();
        ControlPlaneFixture.CopyDirectory(Path.Combine(Fixtures.RepoPaths.Root, "examples", "repo-layout"), repo.Work);
        repo.Write("README.md", $"routing for {name}\n");
        repo.Commit($"seed {name} from examples/repo-layout");
        var daemon = await GitDaemon.StartAsync(Path.Combine(repo.Root, "origin"), cancellationToken);
        var github = await GitHubEmulator.StartAsync();
        return new FixtureRepository(name, repo, daemon, github);
    }

    /// <summary>The GitHub requests that write a review or a check: comment POST/PATCH and check-run POST/PATCH.</summary>
    public int WriteRequests() => GitHub.Requests.Count(r =>
        (r.StartsWith("POST ", StringComparison.Ordinal) || r.StartsWith("PATCH ", StringComparison.Ordinal))
        && (r.Contains("/comments", StringComparison.Ordinal) || r.Contains("/check-runs", StringComparison.Ordinal)));

    public async ValueTask DisposeAsync()
    {
        await GitHub.DisposeAsync();
        Daemon.Dispose();
        Repo.Dispose();
    }
}
