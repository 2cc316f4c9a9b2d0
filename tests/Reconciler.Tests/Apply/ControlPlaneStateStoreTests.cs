using GitGateway.Reconciler.Apply;

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

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
