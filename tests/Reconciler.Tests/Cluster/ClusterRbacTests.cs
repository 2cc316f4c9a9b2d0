using GitGateway.Fixtures;
using GitGateway.Fixtures.Kube;
using GitGateway.Reconciler.Cluster;
using GitGateway.Reconciler.Tests.Deploy;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;

namespace GitGateway.Reconciler.Tests.Cluster;

/// <summary>
/// deploy/'s ClusterRole and Role for the control plane grant exactly the verbs it uses: every request the status
/// writer and its watches, the state copy and the lease election make against the API emulator, mapped to RBAC verbs
/// and resources, and no more.
/// </summary>
public sealed class ClusterRbacTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ReconcilerClusterRole_GrantsExactlyTheVerbsTheStatusWriterUses()
    {
        await using var api = await ApiEmulator.StartAsync(TimeSpan.Zero, Token);
        using var client = ClusterStatusSyncTests.Client(api);
        var options = new ClusterStatusOptions("unused", new Dictionary<string, string>(), TimeSpan.FromSeconds(60));
        var desired = ClusterStatusSyncTests.Desired(options);
        var sync = new ClusterStatusSync(client, options, "routing", TimeProvider.System, NullLogger.Instance);
        await sync.SyncAsync(desired, Token);
        await sync.SyncAsync(desired with { Objects = [.. desired.Objects.Where(o => o.Kind.Kind != "GRPCRoute")] }, Token); // one is deleted
        api.Store.Delete(KubeKind.HttpRoute, "payments", "payments-api");
        var drifted = api.Store.Get(KubeKind.Gateway, "gateway-system", "public")!;
        drifted["spec"]!["gatewayClassName"] = "theirs";
        api.Store.Put(KubeKind.Gateway, "gateway-system", drifted);
        await sync.SyncAsync(desired, Token); // one is read, found missing and created again; one is replaced
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Token);
        var watches = GatewayApiKind.All.Select(k => new OwnedObjectWatch(client, k, "routing", () => { }, TimeProvider.System, NullLogger.Instance).RunAsync(stop.Token)).ToList();
        while (api.Store.OpenWatches < GatewayApiKind.All.Count)
        {
            await Task.Delay(50, Token);
        }

        await stop.CancelAsync();
        await Task.WhenAll(watches);

        var used = api.Requests.Select(r => r.Split(' ')[0..2]).Select(p => (Verb: Verb(p[0]), Resource: Resource(p[1])))
            .Where(u => u.Resource is not "leases").ToHashSet();
        var role = DeployTree.Instance.Of<V1ClusterRole>().Single(r => r.Name() == "gitgateway-reconciler-gateway-api");
        var granted = role.Rules.SelectMany(r => r.Resources.SelectMany(res => r.Verbs.Select(v => (Verb: v, Resource: res)))).ToHashSet();

        Assert.All(role.Rules, r => Assert.Equal(["gateway.networking.k8s.io"], r.ApiGroups));
        Assert.Empty(used.Except(granted).Order());
        var plurals = GatewayApiKind.All.Select(k => k.Plural).ToHashSet();
        var expected = used.Where(u => plurals.Contains(u.Resource.Split('/')[0]))
            .SelectMany(u => GatewayApiKind.All.Select(k => (u.Verb, Resource: k.Plural + (u.Resource.EndsWith("/status", StringComparison.Ordinal) ? "/status" : ""))))
            .ToHashSet();
        Assert.Equal(expected.Order(), granted.Order());
    }

    [Fact]
    public async Task ReconcilerRole_GrantsExactlyTheConfigMapVerbsTheStateCopyUses()
    {
        await using var api = await ApiEmulator.StartAsync(TimeSpan.Zero, Token);
        using var client = ClusterStatusSyncTests.Client(api);
        var copy = new ClusterStateCopy(client, "gitgateway", ClusterStateCopy.NameFor(LeaseElectionOptions.DefaultName, "routing"), NullLogger.Instance);
        var directory = Directory.CreateTempSubdirectory("state-copy-");
        try
        {
            await copy.SaveStateAsync("{\"revision\":0,\"nodes\":{}}"u8.ToArray(), null, Token); // created
            await copy.SaveOutboxAsync("[]"u8.ToArray(), Token); // replaced
            await copy.RestoreAsync(directory.FullName, Token); // read
        }
        finally
        {
            directory.Delete(recursive: true);
        }

        var used = api.Requests.Select(r => r.Split(' ')[0..2]).Where(p => p[1].StartsWith("configmaps", StringComparison.Ordinal)).Select(p => Verb(p[0])).ToHashSet();
        var role = DeployTree.Instance.Of<V1Role>().Single(r => r.Name() == "gitgateway-reconciler-leases");
        var rule = Assert.Single(role.Rules, r => r.Resources.Contains("configmaps"));

        Assert.Equal([""], rule.ApiGroups);
        Assert.Equal(["configmaps"], rule.Resources);
        Assert.Equal(used.Order(), rule.Verbs.Order());
    }

    [Fact]
    public async Task ReconcilerRole_GrantsExactlyTheLeaseVerbsTheElectionUses()
    {
        await using var api = await ApiEmulator.StartAsync(TimeSpan.Zero, Token);
        using var client = ClusterStatusSyncTests.Client(api);
        var options = new LeaseElectionOptions("gitgateway", LeaseElectionOptions.DefaultName, "replica-a")
        {
            LeaseDuration = TimeSpan.FromSeconds(1),
            RenewDeadline = TimeSpan.FromMilliseconds(700),
            RetryPeriod = TimeSpan.FromMilliseconds(100),
        };
        var election = new LeaseElection(client, options, NullLogger<LeaseElection>.Instance);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Token);
        var run = election.RunAsync(stop.Token);
        await election.WaitForLeadershipAsync(Token).WaitAsync(TimeSpan.FromSeconds(15), Token); // created
        await Eventually.HoldsAsync(() => api.Count("PUT", KubeKind.Lease) > 0, "a renewal", 15_000);

        // Another replica writes just before the next renewal: that renewal conflicts, the next read finds the other
        // holder and this one stops leading; the other never renews, so this one takes the lease back after it lapses.
        api.Store.Interleave(KubeKind.Lease, lease => lease["spec"]!["holderIdentity"] = "replica-b");
        await Eventually.HoldsAsync(() => !election.IsLeader && election.Leader == "replica-b", "the lease lost", 15_000);
        await election.WaitForLeadershipAsync(Token).WaitAsync(TimeSpan.FromSeconds(15), Token);
        await stop.CancelAsync();
        await run;

        var used = api.Requests.Select(r => r.Split(' ')[0..2]).Where(p => p[1].StartsWith("leases", StringComparison.Ordinal)).Select(p => Verb(p[0])).ToHashSet();
        var role = DeployTree.Instance.Of<V1Role>().Single(r => r.Name() == "gitgateway-reconciler-leases");
        var rule = Assert.Single(role.Rules, r => r.Resources.Contains("leases"));

        Assert.Equal("replica-a", api.Store.Get(KubeKind.Lease, "gitgateway", LeaseElectionOptions.DefaultName)!["spec"]!["holderIdentity"]!.GetValue<string>());
        Assert.Equal(["coordination.k8s.io"], rule.ApiGroups);
        Assert.Equal(["leases"], rule.Resources);
        Assert.Equal(used.Order(), rule.Verbs.Order());
    }

    private static string Verb(string emulated) => emulated switch
    {
        "LIST" => "list",
        "WATCH" => "watch",
        "GET" => "get",
        "POST" => "create",
        "PUT" => "update",
        "PATCH" => "patch",
        "DELETE" => "delete",
        _ => emulated,
    };

    // "httproutes/payments-api/status" → "httproutes/status"
    private static string Resource(string path)
    {
        var parts = path.Split('/');
        return parts.Length == 3 && parts[2] == "status" ? parts[0] + "/status" : parts[0];
    }
}
