using System.Security.Cryptography;
using GitGateway.Fixtures.Kube;
using GitGateway.Reconciler.Apply;
using GitGateway.Reconciler.Cluster;
using GitGateway.Reconciler.Drift;
using GitGateway.Reconciler.GitHub;
using GitGateway.Reconciler.Review;
using GitGateway.Reconciler.Tests.Cli;
using Microsoft.Extensions.Logging.Abstractions;

namespace GitGateway.Reconciler.Tests.Cluster;

/// <summary>
/// The reviews in the state copy stay inside their room in the ConfigMap (the newest kept) and never cost the state
/// its place; what is copied (reviews, held check runs, the drift check's hash) is what a new leader's review, apply
/// and drift check read back from its folder.
/// </summary>
public sealed class ReviewedCopyTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ReviewedHeads_MoreThanFit_TheHighestPullRequestNumbersAreKeptAndRestored()
    {
        await using var api = await ApiEmulator.StartAsync(TimeSpan.Zero, Token);
        using var client = ClusterStatusSyncTests.Client(api);
        var copy = new ClusterStateCopy(client, "gitgateway", "state", NullLogger.Instance);
        var heads = Enumerable.Range(1, 3000).ToDictionary(n => n, _ => new ReviewedHead(Hex(20), Hex(20), Hex(32)));
        using var dir = new TempDirectory();

        await copy.SaveReviewedHeadsAsync(heads, Token);
        await copy.RestoreAsync(dir.Path, Token);
        var restored = await new ReviewedHeadsStore(dir.Path).LoadAsync(Token);

        var (gzip, kept) = ReviewedCopy.Heads(heads);
        Assert.InRange(kept, 1, heads.Count - 1);
        Assert.True(gzip.Length <= ReviewedCopy.MaxBytes, $"{gzip.Length} bytes");
        Assert.Equal(Enumerable.Range(heads.Count - kept + 1, kept), restored.Keys.Order());
        Assert.All(restored, r => Assert.Equal(heads[r.Key], r.Value));
    }

    [Fact]
    public async Task ReviewedPlans_CopiedAndRestored_TheApplyOnlyReviewedModeFindsThem()
    {
        await using var api = await ApiEmulator.StartAsync(TimeSpan.Zero, Token);
        using var client = ClusterStatusSyncTests.Client(api);
        var copy = new ClusterStateCopy(client, "gitgateway", "state", NullLogger.Instance);
        using var leader = new TempDirectory();
        using var follower = new TempDirectory();
        var plans = new ReviewedPlans(leader.Path, copy.SaveReviewedPlansAsync);

        await plans.RecordAsync("sha256:green", 4, "head4", passed: true, Token);
        await plans.RecordAsync("sha256:red", 5, "head5", passed: false, Token);
        await copy.RestoreAsync(follower.Path, Token);
        var restored = new ReviewedPlans(follower.Path);
        await restored.LoadAsync(Token);

        Assert.Equal((4, "head4", true), (restored.Find("sha256:green")!.PullRequest, restored.Find("sha256:green")!.Head, restored.Find("sha256:green")!.Passed));
        Assert.False(restored.Find("sha256:red")!.Passed);
    }

    [Fact]
    public async Task HeldChecksAndDriftHash_CopiedAndRestored_TheNewLeadersFolderHasThem()
    {
        await using var api = await ApiEmulator.StartAsync(TimeSpan.Zero, Token);
        using var client = ClusterStatusSyncTests.Client(api);
        var copy = new ClusterStateCopy(client, "gitgateway", "state", NullLogger.Instance);
        using var leader = new TempDirectory();
        using var follower = new TempDirectory();
        var hash = Convert.ToHexStringLower(SHA256.HashData("what the drift check said"u8));

        await new HeldCheckRuns(leader.Path, copy.SaveHeldChecksAsync).SetAsync("c1", ApplyCheckText.Name, 7, Token);
        await copy.SaveDriftCheckAsync(System.Text.Encoding.UTF8.GetBytes(hash), Token);
        await copy.RestoreAsync(follower.Path, Token);

        Assert.Equal(7, new HeldCheckRuns(follower.Path).Find("c1", ApplyCheckText.Name));
        Assert.Equal(hash, await File.ReadAllTextAsync(Path.Combine(follower.Path, DriftWatch.WrittenFileName), Token));
    }

    [Fact]
    public async Task SaveState_ReviewsWouldOverflowTheConfigMap_ReviewsLeftOutStateKept()
    {
        await using var api = await ApiEmulator.StartAsync(TimeSpan.Zero, Token);
        using var client = ClusterStatusSyncTests.Client(api);
        var copy = new ClusterStateCopy(client, "gitgateway", "state", NullLogger.Instance);
        await copy.SaveReviewedHeadsAsync(Enumerable.Range(1, 3000).ToDictionary(n => n, _ => new ReviewedHead(Hex(20), Hex(20), Hex(32))), Token);
        var reviewsCopied = Keys(api);

        await copy.SaveStateAsync("{\"revision\":1,\"nodes\":{}}"u8.ToArray(), RandomNumberGenerator.GetBytes(800 * 1024), Token); // does not compress

        Assert.Contains(ReviewedCopy.HeadsKey, reviewsCopied);
        Assert.Equal([ClusterStateCopy.PlanKey], Keys(api));
    }

    private static List<string> Keys(ApiEmulator api) =>
        [.. api.Store.Get(KubeKind.ConfigMap, "gitgateway", "state")!["binaryData"]!.AsObject().Select(kv => kv.Key)];

    private static string Hex(int bytes) => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(bytes));
}
