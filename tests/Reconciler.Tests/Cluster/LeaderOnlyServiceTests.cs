using System.Text.Json.Nodes;
using GitGateway.Fixtures.Kube;
using GitGateway.Reconciler.Cluster;
using GitGateway.Reconciler.Hosting;
using k8s;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;

namespace GitGateway.Reconciler.Tests.Cluster;

/// <summary>Writers of a control plane with leader election start only on the replica that holds the Lease.</summary>
public sealed class LeaderOnlyServiceTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Writer_AnotherReplicaHoldsTheLease_NotStarted()
    {
        await using var api = await ApiEmulator.StartAsync(TimeSpan.Zero, Token);
        var now = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss.ffffffZ", System.Globalization.CultureInfo.InvariantCulture);
        api.Store.Put(KubeKind.Lease, "gitgateway", new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = LeaseElectionOptions.DefaultName },
            ["spec"] = new JsonObject { ["holderIdentity"] = "other", ["leaseDurationSeconds"] = 60, ["acquireTime"] = now, ["renewTime"] = now },
        });
        var (service, gate, writer) = Build(api, "replica-a");

        await service.StartAsync(Token);
        await gate.StartAsync(Token);
        await Task.Delay(TimeSpan.FromSeconds(3), Token);
        var started = writer.Started;
        await gate.StopAsync(Token);
        await service.StopAsync(Token);

        Assert.False(started);
    }

    [Fact]
    public async Task Writer_LeaseFree_StartedOnceLeading()
    {
        await using var api = await ApiEmulator.StartAsync(TimeSpan.Zero, Token);
        var (service, gate, writer) = Build(api, "replica-a");

        await service.StartAsync(Token);
        await gate.StartAsync(Token);
        await service.Election.WaitForLeadershipAsync(Token).WaitAsync(TimeSpan.FromSeconds(15), Token);
        while (!writer.Started)
        {
            await Task.Delay(20, Token);
        }

        await gate.StopAsync(Token);
        await service.StopAsync(Token);

        Assert.True(writer.Stopped);
    }

    private static (LeaseElectionService Service, LeaderOnlyService Gate, RecordingService Writer) Build(ApiEmulator api, string identity)
    {
        var client = new Kubernetes(new KubernetesClientConfiguration { Host = api.Address.ToString().TrimEnd('/') });
        var election = new LeaseElection(client, new LeaseElectionOptions("gitgateway", LeaseElectionOptions.DefaultName, identity), NullLogger<LeaseElection>.Instance);
        var service = new LeaseElectionService(election, new Lifetime());
        var writer = new RecordingService();
        return (service, new LeaderOnlyService(writer, service), writer);
    }

    private sealed class RecordingService : IHostedService
    {
        public volatile bool Started;
        public volatile bool Stopped;

        public Task StartAsync(CancellationToken cancellationToken)
        {
            Started = true;
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken)
        {
            Stopped = true;
            return Task.CompletedTask;
        }
    }

    private sealed class Lifetime : IHostApplicationLifetime
    {
        public CancellationToken ApplicationStarted => CancellationToken.None;

        public CancellationToken ApplicationStopping => CancellationToken.None;

        public CancellationToken ApplicationStopped => CancellationToken.None;

        public void StopApplication()
        {
        }
    }
}
