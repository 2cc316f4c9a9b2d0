using GitGateway.Fixtures;
using GitGateway.Reconciler.Apply;
using GitGateway.Reconciler.Git;
using GitGateway.Reconciler.GitHub;
using GitGateway.Reconciler.Review;
using GitGateway.Reconciler.Tests.Apply;
using GitGateway.Reconciler.Tests.EndToEnd;
using GitGateway.Reconciler.Tests.Source;
using GitGateway.Renderer.Rendering;
using Microsoft.Extensions.Logging.Abstractions;

namespace GitGateway.Reconciler.Tests.GitHub;

/// <summary>
/// A commit held while applies are paused has one <c>gitgateway/apply</c> check run, left in progress while it
/// waits and completed in place when it is applied after the resume (the emulated Checks API records every run).
/// </summary>
public sealed class HeldCheckRunTests : IAsyncLifetime
{
    // Not in the example repository's Friday-to-Monday freeze window.
    private static readonly DateTimeOffset Wednesday = new(2026, 11, 18, 12, 0, 0, TimeSpan.Zero);
    private readonly GitTestRepo _repo = GitTestRepo.Create();
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(20) };
    private GitHubEmulator _emulator = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _emulator = await GitHubEmulator.StartAsync();
        ControlPlaneFixture.CopyDirectory(Path.Combine(RepoPaths.Root, "examples", "repo-layout"), _repo.Work);
    }

    public async ValueTask DisposeAsync()
    {
        await _emulator.DisposeAsync();
        _http.Dispose();
        _repo.Dispose();
    }

    [Fact]
    public async Task Reconcile_CommitHeldWhilePausedThenResumed_OneCheckRunCompletedInPlace()
    {
        var time = new OffsetTimeProvider(Wednesday);
        var publisher = new PlanPublisher(time);
        var mirror = new GitMirror(_repo.Bare, Path.Combine(_repo.Root, "mirror.git"), GitCredentials.None, TimeSpan.FromSeconds(20), allowFileUrls: true);
        var client = new GitHubClient(_http, _emulator.BaseUri, new AppTokens(_emulator.Token), time, NullLogger<GitHubClient>.Instance);
        var apply = new ApplyService(
            mirror,
            new GitHubCodeHost(client, new GitHubRepo("acme", "routing")),
            PlanRenderer.Render,
            publisher,
            new ControlPlaneStateStore(Path.Combine(_repo.Root, "state")),
            new ApplyOptions("main", ["edge-1"], TimeSpan.FromSeconds(10)),
            time,
            NullLogger<ApplyService>.Instance);
        await apply.LoadAsync(Ct);
        var commit = _repo.Commit("seed");
        await mirror.FetchAsync(Ct);

        await apply.Pause.PauseAsync("incident 42", time.GetUtcNow(), Ct);
        Assert.Equal(ApplyOutcome.Paused, await apply.ReconcileAsync(commit, Ct));
        var held = Assert.Single(_emulator.CheckRuns);
        Assert.Equal(("in_progress", null), (held.Status, held.Conclusion));

        await apply.Pause.ResumeAsync(Ct);
        var answer = AnswerAsync(publisher, time);
        Assert.Equal(ApplyOutcome.Applied, await apply.ReconcileAsync(commit, Ct));
        await answer;

        var run = Assert.Single(_emulator.CheckRuns);
        Assert.Equal((held.Id, ApplyCheckText.Name, commit, "completed", "success"), (run.Id, run.Name, run.HeadSha, run.Status, run.Conclusion));
        Assert.StartsWith("applied to 1/1 nodes", run.Title, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SetCheck_PendingThenRestartThenSuccess_SameRunCompleted_OtherCommitGetsItsOwn()
    {
        var state = Path.Combine(_repo.Root, "state");
        Directory.CreateDirectory(state);
        var client = new GitHubClient(_http, _emulator.BaseUri, new AppTokens(_emulator.Token), TimeProvider.System, NullLogger<GitHubClient>.Instance);
        var repo = new GitHubRepo("acme", "routing");

        await new GitHubCodeHost(client, repo, state).SetCheckAsync(Check("c1", CheckOutcome.Pending, "planned, not applied"), Ct);
        var restarted = new GitHubCodeHost(client, repo, state);
        await restarted.SetCheckAsync(Check("c1", CheckOutcome.Success, "applied"), Ct);
        await restarted.SetCheckAsync(Check("c2", CheckOutcome.Success, "applied"), Ct);
        await restarted.SetCheckAsync(Check("c1", CheckOutcome.Success, "applied again"), Ct);

        Assert.Equal(
            [("c1", "completed", "success", "applied"), ("c2", "completed", "success", "applied"), ("c1", "completed", "success", "applied again")],
            _emulator.CheckRuns.Select(r => (r.HeadSha, r.Status, r.Conclusion, r.Title)));
    }

    [Fact]
    public async Task Find_FileReplacedByATakeoverRestore_ReadsTheRestoredRunsAndEachChangeIsCopied()
    {
        var state = Path.Combine(_repo.Root, "state");
        Directory.CreateDirectory(state);
        var copies = new List<IReadOnlyList<HeldCheckRun>>();
        var held = new HeldCheckRuns(state, (runs, _) =>
        {
            copies.Add(runs);
            return Task.CompletedTask;
        });
        await held.SetAsync("c1", ApplyCheckText.Name, 1, Ct); // held while this replica led
        var before = held.Find("c1", ApplyCheckText.Name);

        // It lost the lease; the leader in between completed c1's run and held c2's; taking the lease back restores that.
        var restored = Path.Combine(state, HeldCheckRuns.FileName);
        await File.WriteAllBytesAsync(restored, HeldCheckRuns.Serialize([new HeldCheckRun("c2", ApplyCheckText.Name, 2)]), Ct);
        File.SetLastWriteTimeUtc(restored, DateTime.UtcNow.AddSeconds(1));
        await held.SetAsync("c2", ApplyCheckText.Name, null, Ct);

        Assert.Equal(1, before);
        Assert.Null(held.Find("c1", ApplyCheckText.Name));
        Assert.Null(held.Find("c2", ApplyCheckText.Name));
        Assert.Equal(new[] { new[] { new HeldCheckRun("c1", ApplyCheckText.Name, 1) }, [] }, copies.Select(c => c.ToArray()));
    }

    private static CheckReport Check(string sha, CheckOutcome outcome, string title) =>
        new(ApplyCheckText.Name, sha, outcome, title, "summary", null, []);

    // The node takes the revision it is sent and says it serves it.
    private static async Task AnswerAsync(PlanPublisher publisher, TimeProvider time)
    {
        var revision = await publisher.WaitForNewAsync("edge-1", null, TimeSpan.FromSeconds(10), Ct) ?? throw new TimeoutException("no revision was published");
        publisher.Report(new NodeStatus("edge-1", revision.PlanHash, true, null, true, time.GetUtcNow()) { Serving = revision.PlanHash, ReportedAt = time.GetUtcNow() });
    }

    private sealed class AppTokens(string token) : IGitHubTokenSource
    {
        public bool IsApp => true;

        public ValueTask<string> GetTokenAsync(CancellationToken cancellationToken) => ValueTask.FromResult(token);
    }
}
