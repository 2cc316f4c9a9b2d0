using GitGateway.Fixtures;
using GitGateway.Plan.Serialization;
using GitGateway.Reconciler.Apply;
using GitGateway.Reconciler.Git;
using GitGateway.Reconciler.Review;
using GitGateway.Reconciler.Tests.EndToEnd;
using GitGateway.Reconciler.Tests.Source;
using GitGateway.Renderer.Rendering;
using Microsoft.Extensions.Logging.Abstractions;

namespace GitGateway.Reconciler.Tests.Apply;

public sealed class ApplyServiceTests : IDisposable
{
    // The example repository freezes from Friday 18:00 UTC for 64 hours.
    private static readonly DateTimeOffset Saturday = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Wednesday = new(2026, 11, 18, 12, 0, 0, TimeSpan.Zero);
    private readonly GitTestRepo _repo = GitTestRepo.Create();
    private readonly RecordingCodeHost _host = new();
    private GitMirror? _mirror;

    public ApplyServiceTests()
    {
        ControlPlaneFixture.CopyDirectory(Path.Combine(RepoPaths.Root, "examples", "repo-layout"), _repo.Work);
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Reconcile_InvalidCommit_KeepsTheLastGoodPlanAndFailsTheCheck()
    {
        var (apply, publisher) = await CreateAsync(new OffsetTimeProvider(Wednesday));
        var good = await CommitAsync("seed");
        Assert.Equal(ApplyOutcome.Applied, await apply.ReconcileAsync(good, Ct));
        var served = publisher.Current!;

        // A broken platform file is nobody's team: the whole commit is refused (a team's broken file is isolated: TeamIsolationTests).
        _repo.Write("platform/gateways/broken.yaml", "kind: Gateway\nspec: [\n");
        var bad = await CommitAsync("broken");
        var outcome = await apply.ReconcileAsync(bad, Ct);

        Assert.Equal(ApplyOutcome.Refused, outcome);
        Assert.Same(served, publisher.Current);
        var check = _host.Checks.Last();
        Assert.Equal((ApplyCheckText.Name, bad, CheckOutcome.Failure), (check.Name, check.Sha, check.Outcome));
        Assert.Contains(check.Annotations, a => a.File == "platform/gateways/broken.yaml");
    }

    [Fact]
    public async Task Reconcile_HeadWithFailingRoutingTest_RefusedUntilACommitCarriesTheOverride()
    {
        var (apply, publisher) = await CreateAsync(new OffsetTimeProvider(Wednesday));
        await apply.ReconcileAsync(await CommitAsync("seed"), Ct);
        var served = publisher.Current!;

        Hostile.HostileChanges.ApplyTo(_repo.Work, Hostile.HostileChanges.BreakCanaryTest(_repo.Work));
        var bad = await CommitAsync("store: 50/50");
        var refused = await apply.ReconcileAsync(bad, Ct);
        var check = _host.Checks.Last();
        var emptyReason = await CommitAsync("again\n\nGitGateway-Allow-Destructive:");
        var stillRefused = await apply.ReconcileAsync(emptyReason, Ct);
        var allowed = await CommitAsync("store: 50/50 on purpose\n\nGitGateway-Allow-Destructive: the test is updated next");
        var applied = await apply.ReconcileAsync(allowed, Ct);

        Assert.Equal(ApplyOutcome.Refused, refused);
        Assert.Equal((CheckOutcome.Failure, "not applied: 1 routing test fail (no GitGateway-Allow-Destructive trailer)"), (check.Outcome, check.Title));
        Assert.Contains(check.Annotations, a => a.File == "teams/store/tests/routing.yaml" && a.Line == 11);
        Assert.Contains("the nodes keep serving revision 1", check.Summary, StringComparison.Ordinal);
        Assert.Equal(ApplyOutcome.Refused, stillRefused);
        Assert.Equal(ApplyOutcome.Applied, applied);
        Assert.NotSame(served, publisher.Current);
        Assert.Null(apply.State.Refused);
    }

    [Fact]
    public async Task Reconcile_EveryTeamDeleted_RefusedAndRecordedInState()
    {
        var (apply, publisher) = await CreateAsync(new OffsetTimeProvider(Wednesday));
        await apply.ReconcileAsync(await CommitAsync("seed"), Ct);
        var served = publisher.Current!;

        Directory.Delete(Path.Combine(_repo.Work, "teams"), recursive: true);
        var empty = await CommitAsync("delete every team");
        var outcome = await apply.ReconcileAsync(empty, Ct);
        var (restarted, _) = await CreateAsync(new OffsetTimeProvider(Wednesday));

        Assert.Equal(ApplyOutcome.Refused, outcome);
        Assert.Same(served, publisher.Current);
        Assert.Equal(empty, restarted.State.Refused!.Commit);
        Assert.Contains(restarted.State.Refused.Reasons, r => r.StartsWith("destructive: the head renders no route", StringComparison.Ordinal));
        Assert.Contains(restarted.State.Refused.Reasons, r => r.StartsWith("destructive: team store is removed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Reconcile_DuringFreezeWindow_IsPlannedAndAppliedWhenTheWindowCloses()
    {
        var clock = new OffsetTimeProvider(Saturday);
        var (apply, publisher) = await CreateAsync(clock);
        var commit = await CommitAsync("seed");

        var during = await apply.ReconcileAsync(commit, Ct);
        var frozenCheck = _host.Checks.Last();
        clock.Advance(TimeSpan.FromDays(2));
        var after = await apply.ReconcileAsync(commit, Ct);

        Assert.Equal(ApplyOutcome.Frozen, during);
        Assert.Equal(CheckOutcome.Pending, frozenCheck.Outcome);
        Assert.Equal("planned, not applied: weekend freeze until 2026-11-23 10:00 UTC", frozenCheck.Title);
        Assert.Equal(ApplyOutcome.Applied, after);
        Assert.Equal(commit, publisher.Current!.Commit);
    }

    [Fact]
    public async Task Load_AfterRestart_ResumesTheRevisionWithoutReapplying()
    {
        var time = new OffsetTimeProvider(Wednesday);
        var (first, _) = await CreateAsync(time);
        var commit = await CommitAsync("seed");
        await first.ReconcileAsync(commit, Ct);
        var checks = _host.Checks.Count;

        var (second, publisher) = await CreateAsync(time);
        var outcome = await second.ReconcileAsync(commit, Ct);

        Assert.Equal(ApplyOutcome.Unchanged, outcome);
        Assert.Equal(1, publisher.Current!.Number);
        Assert.Equal(commit, publisher.Current.Commit);
        Assert.Equal(checks, _host.Checks.Count);
    }

    [Fact]
    public async Task Reconcile_NextCommit_DoesNotReadTheAppliedCommitFromGitAgain()
    {
        var reads = new List<string>();
        var (apply, _) = await CreateAsync(new OffsetTimeProvider(Wednesday), mirror => new ReadCounter(mirror, reads));
        var seed = await CommitAsync("seed");
        Assert.Equal(ApplyOutcome.Applied, await apply.ReconcileAsync(seed, Ct));

        File.AppendAllText(Path.Combine(_repo.Work, "gitgateway.yaml"), "# touched\n");
        var next = await CommitAsync("a comment");
        Assert.Equal(ApplyOutcome.Applied, await apply.ReconcileAsync(next, Ct));

        // The destructive-change guard compares with the applied commit's layout: taken from the files read when it was the head.
        Assert.Equal([seed, next], reads);
    }

    [Fact]
    public async Task Reconcile_Commit_AgesGivenTheFilesReadForIt()
    {
        var reads = new List<string>();
        var given = new List<IReadOnlyList<SourceFile>>();
        var (apply, _) = await CreateAsync(new OffsetTimeProvider(Wednesday), mirror => new ReadCounter(mirror, reads, agesGiven: given));
        var seed = await CommitAsync("seed");
        Assert.Equal(ApplyOutcome.Applied, await apply.ReconcileAsync(seed, Ct));

        // The age walk takes the blobs of the tree just read (with their ids) instead of reading them from git again,
        // and its ages are those of a walk reading every blob from git; so are the review's, given its files.
        var files = (await _mirror!.ReadAsync(seed, Ct)).Files;
        Assert.Equal([seed], reads);
        Assert.Equal(files.Select(f => (f.Path, f.BlobId)), Assert.Single(given).Select(f => (f.Path, f.BlobId)));
        Assert.All(given[0], f => Assert.NotNull(f.BlobId));
        var (reviewed, input) = await ReviewService.ReadCommitAsync(new ReadCounter(_mirror, reads, agesGiven: given), seed, "main", Ct);
        Assert.Same(reviewed.Files, given[1]);
        var mirrorRepo = await GitRepository.OpenAsync(new GitCli(), Path.Combine(_repo.Root, "mirror.git"), Ct);
        AssertSameAges((await new GitObjectAges(mirrorRepo).ForCommitAsync(seed, Ct))!, input.Ages!, files);
    }

    // Every object of the files has the same rank in both, and the two hold as many objects.
    private static void AssertSameAges(ObjectAges expected, ObjectAges actual, IReadOnlyList<SourceFile> files)
    {
        var keys = files.SelectMany(f => GitGateway.Renderer.Manifests.ManifestKeys.Read(f.Path, f.Content)).Select(k => k.Split('/')).ToList();
        Assert.NotEmpty(keys);
        Assert.Equal((expected.Basis, expected.Count), (actual.Basis, actual.Count));
        Assert.Equal(
            keys.Select(k => k.Length == 3 ? expected.RankOf(k[0], k[1], k[2]) : expected.RankOf(k[0], null, k[1])),
            keys.Select(k => k.Length == 3 ? actual.RankOf(k[0], k[1], k[2]) : actual.RankOf(k[0], null, k[1])));
    }

    [Fact]
    public async Task Reconcile_CleanHeadsThenATeamRemoved_AsksForTheOverrideOnlyWhenTheGuardStops()
    {
        var reads = new List<string>();
        var trailers = new List<string>();
        var (apply, publisher) = await CreateAsync(new OffsetTimeProvider(Wednesday), mirror => new ReadCounter(mirror, reads, trailers));
        Assert.Equal(ApplyOutcome.Applied, await apply.ReconcileAsync(await CommitAsync("seed"), Ct));
        var web = Path.Combine(_repo.Work, "teams", "store", "routes", "store-web.yaml");
        File.WriteAllText(web, File.ReadAllText(web).Replace("max-age=31536000", "max-age=63072000", StringComparison.Ordinal));
        var next = await CommitAsync("store: HSTS for two years");
        Assert.Equal(ApplyOutcome.Applied, await apply.ReconcileAsync(next, Ct));
        Assert.Empty(trailers);

        // The guard compares with the plan in force (next's, whose entries its own check built) and stops the removal.
        Directory.Delete(Path.Combine(_repo.Work, "teams", "search"), recursive: true);
        var removed = await CommitAsync("drop search");
        Assert.Equal(ApplyOutcome.Refused, await apply.ReconcileAsync(removed, Ct));

        Assert.Equal([removed], trailers);
        Assert.Equal(next, publisher.Current!.Commit);
        Assert.Equal(PlanJson.Hash(publisher.Current.Plan), publisher.Current.PlanHash); // one serialisation gave the review's hash
        Assert.Contains(apply.State.Refused!.Reasons, r => r.StartsWith("destructive: team search is removed (teams/search/): ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Reconcile_HolderRefusedOnAppliedCommit_ClaimsReadFromItsKeptFolder_OnlyTheNewcomerRefused()
    {
        var (apply, _) = await CreateAsync(new OffsetTimeProvider(Wednesday));
        ReviewedPlansOnlyTests.ClaimShop(_repo, "search", "search-api");
        var seed = await CommitAsync("seed, search claims shop.example.com");
        Assert.Equal(ApplyOutcome.Applied, await apply.ReconcileAsync(seed, Ct));
        var teamFile = Path.Combine(_repo.Work, "teams/search/team.yaml");
        var searchTeam = File.ReadAllText(teamFile);
        var api = Path.Combine(_repo.Work, "teams/search/routes/search-api.yaml");
        var searchApi = File.ReadAllText(api);
        var shop = File.ReadAllText(Path.Combine(_repo.Work, "teams/search/routes/shop.yaml"));

        // search lets shop.example.com go and breaks a file: refused, so the edge serves its seed folder, which claims it.
        _repo.Write("teams/search/team.yaml", searchTeam.Replace(ReviewedPlansOnlyTests.ShopClaim, "", StringComparison.Ordinal));
        _repo.Delete("teams/search/routes/shop.yaml");
        _repo.Write("teams/search/routes/search-api.yaml", searchApi.Replace("rules:", "rules: [", StringComparison.Ordinal));
        var broken = await CommitAsync("search drops shop.example.com and breaks search-api");
        Assert.Equal(ApplyOutcome.Applied, await apply.ReconcileAsync(broken, Ct));
        Assert.Equal(seed, apply.State.KeptTeams!["teams/search/"]);

        // search comes back as served (its claim included) while store claims the same hostname: search held it where
        // the edge took search's folder from, so store is the newcomer, not both of them.
        _repo.Write("teams/search/team.yaml", searchTeam);
        _repo.Write("teams/search/routes/search-api.yaml", searchApi);
        _repo.Write("teams/search/routes/shop.yaml", shop);
        ReviewedPlansOnlyTests.ClaimShop(_repo, "store", "store-web");
        var both = await CommitAsync("search fixed as served; store claims shop.example.com");
        Assert.Equal(ApplyOutcome.Applied, await apply.ReconcileAsync(both, Ct));

        Assert.Equal(["teams/store/"], apply.State.KeptTeams!.Keys);
        Assert.Contains("ClaimConflict", apply.State.KeptTeamErrors!["teams/store/"], StringComparison.Ordinal);
    }

    public void Dispose() => _repo.Dispose();

    /// <summary>The mirror, remembering which commits were read in full.</summary>
    private sealed class ReadCounter(ICommitSource inner, List<string> reads, List<string>? trailers = null, List<IReadOnlyList<SourceFile>>? agesGiven = null) : ICommitSource
    {
        public Task FetchAsync(CancellationToken cancellationToken) => inner.FetchAsync(cancellationToken);

        public Task<string?> ResolveAsync(string revision, CancellationToken cancellationToken) => inner.ResolveAsync(revision, cancellationToken);

        public Task<string?> MergeBaseAsync(string a, string b, CancellationToken cancellationToken) => inner.MergeBaseAsync(a, b, cancellationToken);

        public Task<string?> MergeTreeAsync(string baseCommit, string head, CancellationToken cancellationToken) => inner.MergeTreeAsync(baseCommit, head, cancellationToken);

        public Task<CommitFiles> ReadAsync(string commit, CancellationToken cancellationToken)
        {
            reads.Add(commit);
            return inner.ReadAsync(commit, cancellationToken);
        }

        public Task<CommitTrailer> ReadTrailerAsync(string commit, string key, CancellationToken cancellationToken)
        {
            trailers?.Add(commit);
            return inner.ReadTrailerAsync(commit, key, cancellationToken);
        }

        public Task<ObjectAges?> AgesAsync(string commit, IReadOnlyList<SourceFile> files, CancellationToken cancellationToken)
        {
            agesGiven?.Add(files);
            return inner.AgesAsync(commit, files, cancellationToken);
        }
    }

    private async Task<(ApplyService Apply, PlanPublisher Publisher)> CreateAsync(TimeProvider time, Func<ICommitSource, ICommitSource>? wrap = null)
    {
        var publisher = new PlanPublisher(time);
        _mirror ??= new GitMirror(_repo.Bare, Path.Combine(_repo.Root, "mirror.git"), GitCredentials.None, TimeSpan.FromSeconds(20), allowFileUrls: true);
        var apply = new ApplyService(
            wrap is null ? _mirror : wrap(_mirror),
            _host,
            PlanRenderer.Render,
            publisher,
            new ControlPlaneStateStore(Path.Combine(_repo.Root, "state")),
            new ApplyOptions("main", [], TimeSpan.FromSeconds(1)),
            time,
            NullLogger<ApplyService>.Instance);
        await apply.LoadAsync(Ct);
        return (apply, publisher);
    }

    private async Task<string> CommitAsync(string message)
    {
        var commit = _repo.Commit(message);
        await _mirror!.FetchAsync(Ct);
        return commit;
    }
}
