using System.Diagnostics;
using GitGateway.Fixtures.Kube;
using GitGateway.Reconciler.Cluster;
using k8s;
using Microsoft.Extensions.Logging.Abstractions;

namespace GitGateway.Reconciler.Tests.Cluster;

/// <summary>Two control-plane replicas compete for one Lease in the API emulator, with the default timings.</summary>
public sealed class LeaseElectionTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TwoReplicas_OneLeads_TheOtherTakesOverWithinFifteenSecondsOfTheLastRenewal()
    {
        await using var api = await ApiEmulator.StartAsync(TimeSpan.Zero, Token);
        using var client = new Kubernetes(new KubernetesClientConfiguration { Host = api.Address.ToString().TrimEnd('/') });
        var a = new LeaseElection(client, new LeaseElectionOptions("gitgateway", LeaseElectionOptions.DefaultName, "replica-a"), NullLogger<LeaseElection>.Instance);
        var b = new LeaseElection(client, new LeaseElectionOptions("gitgateway", LeaseElectionOptions.DefaultName, "replica-b"), NullLogger<LeaseElection>.Instance);
        using var stopA = CancellationTokenSource.CreateLinkedTokenSource(Token);
        using var stopB = CancellationTokenSource.CreateLinkedTokenSource(Token);
        var runA = a.RunAsync(stopA.Token);
        await a.WaitForLeadershipAsync(Token).WaitAsync(TimeSpan.FromSeconds(15), Token);
        var runB = b.RunAsync(stopB.Token);
        await Task.Delay(TimeSpan.FromSeconds(3), Token);
        var bothBefore = (a.IsLeader, b.IsLeader);

        await stopA.CancelAsync(); // the leader dies without releasing: it just stops renewing
        await runA;
        var renewedLast = Stopwatch.StartNew();
        await b.WaitForLeadershipAsync(Token).WaitAsync(TimeSpan.FromSeconds(20), Token);
        var takeover = renewedLast.Elapsed;
        await stopB.CancelAsync();
        await runB;

        Assert.Equal((true, false), bothBefore);
        Assert.True(takeover < TimeSpan.FromSeconds(15), $"took over after {takeover.TotalSeconds:F1} s");
        Assert.Equal("replica-b", api.Store.Get(KubeKind.Lease, "gitgateway", LeaseElectionOptions.DefaultName)!["spec"]!["holderIdentity"]!.GetValue<string>());
    }
}
