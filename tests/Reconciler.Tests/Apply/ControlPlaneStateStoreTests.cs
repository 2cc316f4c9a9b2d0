using GitGateway.Plan.Model;
using GitGateway.Plan.Serialization;
using GitGateway.Reconciler.Apply;
using static GitGateway.Reconciler.Tests.Review.ReviewPlans;

namespace GitGateway.Reconciler.Tests.Apply;

public sealed class ControlPlaneStateStoreTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("gg-state-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Load_DamagedStateFile_ThrowsNamingTheFileAndLeavesItAlone()
    {
        var path = Path.Combine(_dir, "state.json");
        await File.WriteAllTextAsync(path, "{\"revision\": 3,", Ct);

        var e = await Assert.ThrowsAsync<ControlPlaneStateException>(() => new ControlPlaneStateStore(_dir).LoadAsync(Ct));

        Assert.Equal(path, e.Path);
        Assert.StartsWith(path + ": not valid state", e.Message, StringComparison.Ordinal);
        Assert.Equal("{\"revision\": 3,", await File.ReadAllTextAsync(path, Ct));
    }

    [Fact]
    public async Task Load_StateNamesAMissingPlan_ThrowsNamingThePlanFile()
    {
        var state = ControlPlaneState.Empty with { Revision = 2, AppliedCommit = "abc", PlanHash = "sha256:00ff" };
        var store = new ControlPlaneStateStore(_dir);
        await store.SaveAsync(state, null, Ct);

        var e = await Assert.ThrowsAsync<ControlPlaneStateException>(() => store.LoadAsync(Ct));

        Assert.Equal(Path.Combine(_dir, "plans", "sha256-00ff.json"), e.Path);
        Assert.Contains("cannot be read", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Load_NoStateYet_StartsEmpty()
    {
        var (state, current) = await new ControlPlaneStateStore(_dir).LoadAsync(Ct);

        Assert.Equal(0, state.Revision);
        Assert.Null(current);
    }

    [Fact]
    public async Task Load_StateSavedBeforeFreezesAndHaltsWereKept_LoadsWithoutThem()
    {
        // A state.json written before Frozen and Halted existed: a commit held by a freeze window.
        await File.WriteAllTextAsync(
            Path.Combine(_dir, "state.json"),
            """{"revision": 0, "appliedCommit": null, "planHash": null, "lastSeenCommit": "c2", "pendingCommit": "c2", "nodes": {}}""",
            Ct);

        var (state, _) = await new ControlPlaneStateStore(_dir).LoadAsync(Ct);

        Assert.Equal(("c2", "c2"), (state.LastSeenCommit, state.PendingCommit));
        Assert.Null(state.Frozen);
        Assert.Null(state.Halted);
    }

    [Fact]
    public async Task Save_FreezeAndHalt_ReadBackAfterARestart()
    {
        var until = new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);
        var state = ControlPlaneState.Empty with
        {
            LastSeenCommit = "c3",
            PendingCommit = "c3",
            Frozen = new FreezeHold("c3", "weekend freeze", until),
            Halted = new CanaryHalt("c2", 4, "node-a", "route r answered 5xx to 9/20 requests"),
        };
        await new ControlPlaneStateStore(_dir).SaveAsync(state, null, Ct);

        var (loaded, _) = await new ControlPlaneStateStore(_dir).LoadAsync(Ct);

        Assert.Equal(state.Frozen, loaded.Frozen);
        Assert.Equal(state.Halted, loaded.Halted);
    }

    [Fact]
    public async Task Save_NewPlan_RemovesThePlansNoStateNamesAndARevertWritesItsPlanAgain()
    {
        var store = new ControlPlaneStateStore(_dir);
        var first = Revision(1, Plan(1));
        var second = Revision(2, Plan(2));
        var stray = Path.Combine(_dir, "plans", "sha256-0000.json");
        Directory.CreateDirectory(Path.GetDirectoryName(stray)!);
        await File.WriteAllTextAsync(stray, "{}", Ct);

        await store.SaveAsync(StateOf(first), first, Ct);
        Assert.Equal([first.PlanHash], PlanFiles());
        await store.SaveAsync(StateOf(second), second, Ct);
        Assert.Equal([second.PlanHash], PlanFiles());

        var revert = first with { Number = 3 };
        await store.SaveAsync(StateOf(revert), revert, Ct);
        var (_, current) = await new ControlPlaneStateStore(_dir).LoadAsync(Ct);

        Assert.Equal([first.PlanHash], PlanFiles());
        Assert.Equal(first.CanonicalJson, current!.CanonicalJson);
        Assert.Equal(3, current.Number);
    }

    [Fact]
    public async Task Save_StateWithoutAPlan_LeavesThePlansAlone()
    {
        var store = new ControlPlaneStateStore(_dir);
        var first = Revision(1, Plan(1));
        await store.SaveAsync(StateOf(first), first, Ct);

        await store.SaveAsync(ControlPlaneState.Empty with { LastSeenCommit = "c9" }, null, Ct);

        Assert.Equal([first.PlanHash], PlanFiles());
    }

    private static RoutingPlan Plan(int routes) =>
        PlanOf(Host("store.example.com", [.. Enumerable.Range(0, routes).Select(i => Entry("store", "r" + i, "/r" + i, [("v1", 1)]))]));

    private static PlanRevision Revision(long number, RoutingPlan plan) =>
        new(number, "c" + number, PlanJson.Hash(plan), plan, PlanJson.ToCanonicalBytes(plan));

    private static ControlPlaneState StateOf(PlanRevision revision) =>
        ControlPlaneState.Empty with { Revision = revision.Number, AppliedCommit = revision.Commit, PlanHash = revision.PlanHash };

    private string[] PlanFiles() =>
        [.. Directory.EnumerateFiles(Path.Combine(_dir, "plans")).Select(f => Path.GetFileNameWithoutExtension(f).Replace('-', ':')).Order(StringComparer.Ordinal)];

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
