using System.Diagnostics;
using GitGateway.Fixtures.Kube;
using GitGateway.Reconciler.Cluster;
using k8s;
using Microsoft.Extensions.Logging.Abstractions;

namespace GitGateway.Reconciler.Tests.Cluster;

/// <summary>
/// The Lease elector measures expiry and renew deadlines on the monotonic clock: two replicas whose wall clocks
/// jump an hour forward, then two hours back, keep one leader and one follower, and the Lease never changes hands.
/// </summary>
public sealed class LeaseClockTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task WallClockJumps_LeaderKeepsTheLease_FollowerNeverTakesIt()
    {
        await using var api = await ApiEmulator.StartAsync(TimeSpan.Zero, Token);
        using var client = new Kubernetes(new KubernetesClientConfiguration { Host = api.Address.ToString().TrimEnd('/') });
        var (clockA, clockB) = (new JumpingWallClock(), new JumpingWallClock());
        var a = new LeaseElection(client, new LeaseElectionOptions("gitgateway", LeaseElectionOptions.DefaultName, "replica-a"), NullLogger<LeaseElection>.Instance, clockA);
        var b = new LeaseElection(client, new LeaseElectionOptions("gitgateway", LeaseElectionOptions.DefaultName, "replica-b"), NullLogger<LeaseElection>.Instance, clockB);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Token);
        var runA = a.RunAsync(stop.Token);
        await a.WaitForLeadershipAsync(Token).WaitAsync(TimeSpan.FromSeconds(15), Token);
        var runB = b.RunAsync(stop.Token);
        await Task.Delay(TimeSpan.FromSeconds(3), Token);

        var samples = new List<(bool A, bool B)>();
        var forward = await SampleAsync(api, a, b, samples, () => (clockA.Offset, clockB.Offset) = (TimeSpan.FromHours(1), TimeSpan.FromHours(1)));
        var backward = await SampleAsync(api, a, b, samples, () => (clockA.Offset, clockB.Offset) = (TimeSpan.FromHours(-1), TimeSpan.FromHours(-1)));
        var lease = api.Store.Get(KubeKind.Lease, "gitgateway", LeaseElectionOptions.DefaultName)!["spec"]!;
        await stop.CancelAsync();
        await Task.WhenAll(runA, runB);

        Assert.All(samples, s => Assert.Equal((true, false), s));
        Assert.Equal("replica-a", lease["holderIdentity"]!.GetValue<string>());
        Assert.Equal(0, lease["leaseTransitions"]!.GetValue<int>());
        Assert.Equal("replica-a", b.Leader);

        // The wall clock is still what the Lease says to people: renewTime followed the jumps.
        Assert.True(forward > DateTimeOffset.UtcNow.AddMinutes(50), $"renewTime after the forward jump: {forward:O}");
        Assert.True(backward < DateTimeOffset.UtcNow.AddMinutes(-50), $"renewTime after the backward jump: {backward:O}");
    }

    /// <summary>Jumps the clocks, samples who leads for longer than a lease lasts, returns the Lease's renewTime then.</summary>
    private static async Task<DateTimeOffset> SampleAsync(ApiEmulator api, LeaseElection a, LeaseElection b, List<(bool, bool)> samples, Action jump)
    {
        jump();
        var sampling = Stopwatch.StartNew();
        while (sampling.Elapsed < TimeSpan.FromSeconds(12)) // longer than the lease lasts (10 s)
        {
            samples.Add((a.IsLeader, b.IsLeader));
            await Task.Delay(100, Token);
        }

        var renewed = api.Store.Get(KubeKind.Lease, "gitgateway", LeaseElectionOptions.DefaultName)!["spec"]!["renewTime"]!.GetValue<string>();
        return DateTimeOffset.Parse(renewed, System.Globalization.CultureInfo.InvariantCulture);
    }

    private sealed class JumpingWallClock : TimeProvider
    {
        public TimeSpan Offset { get; set; }

        public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + Offset;
    }
}
