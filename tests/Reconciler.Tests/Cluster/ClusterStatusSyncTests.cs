using System.Text.Json.Nodes;
using GitGateway.Fixtures;
using GitGateway.Fixtures.Kube;
using GitGateway.Reconciler.Cluster;
using GitGateway.Renderer.Rendering;
using k8s;
using Microsoft.Extensions.Logging.Abstractions;

namespace GitGateway.Reconciler.Tests.Cluster;

/// <summary>
/// examples/repo-layout rendered and written into the API emulator through the official client: the objects, their
/// status, ownership, conflicts and deletions.
/// </summary>
public sealed class ClusterStatusSyncTests
{
    private const string Repository = "routing";

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static ClusterStatusOptions Options => new("unused", new Dictionary<string, string>(), TimeSpan.FromSeconds(60));

    [Fact]
    public async Task ExampleRepository_Synced_GatewayAndRoutesWithTheirStatusAppear()
    {
        await using var api = await ApiEmulator.StartAsync(TimeSpan.Zero, Token);
        using var client = Client(api);

        var outcome = await Sync(client).SyncAsync(Desired(Options), Token);

        var gateway = api.Store.Get(KubeKind.Gateway, "gateway-system", "public")!;
        var generation = gateway["metadata"]!["generation"]!.GetValue<long>();
        Assert.Equal("gitgateway", Label(gateway, "app.kubernetes.io/managed-by"));
        Assert.Equal(Repository, Label(gateway, "gitgateway.dev/repository"));
        Assert.Equal("platform/gateways/public.yaml", gateway["metadata"]!["annotations"]!["gitgateway.dev/source-file"]!.GetValue<string>());
        Assert.Contains(gateway["metadata"]!["managedFields"]!.AsArray(), f => f!["manager"]!.GetValue<string>() == "gitgateway" && f["subresource"]?.GetValue<string>() == "status");
        Assert.Equal("10.200.0.100", gateway["status"]!["addresses"]![0]!["value"]!.GetValue<string>());
        Assert.Contains(gateway["status"]!["conditions"]!.AsArray(), c => c!["type"]!.GetValue<string>() == "Programmed" && c["status"]!.GetValue<string>() == "True"
            && c["observedGeneration"]!.GetValue<long>() == generation);
        var https = gateway["status"]!["listeners"]!.AsArray().Single(l => l!["name"]!.GetValue<string>() == "https")!;
        Assert.True(https["attachedRoutes"]!.GetValue<int>() >= 2, https.ToJsonString());

        var grpc = api.Store.Get(KubeKind.GrpcRoute, "payments", "payments-grpc")!;
        var parent = grpc["status"]!["parents"]![0]!;
        Assert.Equal("public", parent["parentRef"]!["name"]!.GetValue<string>());
        Assert.Equal("gateway-system", parent["parentRef"]!["namespace"]!.GetValue<string>());
        Assert.Contains(parent["conditions"]!.AsArray(), c => c!["type"]!.GetValue<string>() == "Accepted" && c["status"]!.GetValue<string>() == "True");
        Assert.Equal("payments.v1.Payments", grpc["spec"]!["rules"]![0]!["matches"]![0]!["method"]!["service"]!.GetValue<string>());

        var http = api.Store.Get(KubeKind.HttpRoute, "payments", "payments-api")!;
        Assert.Equal("gitgateway.dev/gateway-controller", http["status"]!["parents"]![0]!["controllerName"]!.GetValue<string>());
        Assert.Empty(outcome.Refused);
        Assert.Equal(0, outcome.Deleted);
    }

    [Fact]
    public async Task SecondPass_NothingChanged_WritesNothing()
    {
        await using var api = await ApiEmulator.StartAsync(TimeSpan.Zero, Token);
        using var client = Client(api);
        var desired = Desired(Options);
        var first = await Sync(client).SyncAsync(desired, Token);
        var version = api.Store.ResourceVersion;

        var second = await Sync(client).SyncAsync(desired, Token);

        Assert.True(first.Written > 3 && first.StatusWritten == first.Written, $"{first}");
        Assert.Equal((0, 0, 0), (second.Written, second.StatusWritten, second.Deleted));
        Assert.Equal(version, api.Store.ResourceVersion);
    }

    [Fact]
    public async Task ObjectNotLabelledOurs_SameName_IsRefusedAndLeftAsItIs()
    {
        await using var api = await ApiEmulator.StartAsync(TimeSpan.Zero, Token);
        using var client = Client(api);
        var theirs = api.Store.Put(KubeKind.HttpRoute, "payments", JsonNode.Parse("""
            {"metadata": {"name": "payments-api", "labels": {"app.kubernetes.io/managed-by": "helm"}}, "spec": {"hostnames": ["theirs.example.com"]}}
            """)!.AsObject());

        var outcome = await Sync(client).SyncAsync(Desired(Options), Token);

        var after = api.Store.Get(KubeKind.HttpRoute, "payments", "payments-api")!;
        Assert.Equal(theirs["metadata"]!["resourceVersion"]!.GetValue<string>(), after["metadata"]!["resourceVersion"]!.GetValue<string>());
        Assert.Equal("theirs.example.com", after["spec"]!["hostnames"]![0]!.GetValue<string>());
        Assert.Contains(outcome.Refused, r => r.StartsWith("HTTPRoute/payments/payments-api exists and is not labelled", StringComparison.Ordinal));
        Assert.NotNull(api.Store.Get(KubeKind.GrpcRoute, "payments", "payments-grpc"));
    }

    [Fact]
    public async Task OwnedObjectThatLeftThePlan_IsDeleted_AnotherRepositorysIsKept()
    {
        await using var api = await ApiEmulator.StartAsync(TimeSpan.Zero, Token);
        using var client = Client(api);
        api.Store.Put(KubeKind.HttpRoute, "payments", Owned("gone", Repository));
        api.Store.Put(KubeKind.HttpRoute, "payments", Owned("other-repo", "other"));

        var outcome = await Sync(client).SyncAsync(Desired(Options), Token);

        Assert.Null(api.Store.Get(KubeKind.HttpRoute, "payments", "gone"));
        Assert.NotNull(api.Store.Get(KubeKind.HttpRoute, "payments", "other-repo"));
        Assert.Equal(1, outcome.Deleted);
    }

    [Fact]
    public async Task ConcurrentWriter_ReplaceConflicts_ReadAgainAndPutBack()
    {
        await using var api = await ApiEmulator.StartAsync(TimeSpan.Zero, Token);
        using var client = Client(api);
        var desired = Desired(Options);
        await Sync(client).SyncAsync(desired, Token);
        var drifted = api.Store.Get(KubeKind.GrpcRoute, "payments", "payments-grpc")!;
        drifted["spec"]!["hostnames"] = new JsonArray("evil.example.com");
        api.Store.Put(KubeKind.GrpcRoute, "payments", drifted);
        api.Store.Interleave(KubeKind.GrpcRoute, o => o["metadata"]!["annotations"]!["someone"] = "else");
        var putsBefore = api.Count("PUT", KubeKind.GrpcRoute);

        var outcome = await Sync(client).SyncAsync(desired, Token);

        var after = api.Store.Get(KubeKind.GrpcRoute, "payments", "payments-grpc")!;
        Assert.Equal("pay.example.com", after["spec"]!["hostnames"]![0]!.GetValue<string>());
        Assert.Null(after["metadata"]!["annotations"]!["someone"]);
        // The replace that conflicted, the one after reading again, and the status for the generation that bumped.
        Assert.Equal(3, api.Count("PUT", KubeKind.GrpcRoute) - putsBefore);
        Assert.Equal(after["metadata"]!["generation"]!.GetValue<long>(), after["status"]!["parents"]![0]!["conditions"]![0]!["observedGeneration"]!.GetValue<long>());
        Assert.Empty(outcome.Refused);
    }

    [Fact]
    public async Task NamespaceMapping_ObjectsAndReferences_LandInTheMappedNamespace()
    {
        await using var api = await ApiEmulator.StartAsync(TimeSpan.Zero, Token);
        using var client = Client(api);
        var options = Options with { Namespaces = new Dictionary<string, string> { ["gateway-system"] = "edge", ["payments"] = "prod-payments" } };

        await Sync(client, options).SyncAsync(Desired(options), Token);

        Assert.NotNull(api.Store.Get(KubeKind.Gateway, "edge", "public"));
        Assert.Null(api.Store.Get(KubeKind.Gateway, "gateway-system", "public"));
        var grpc = api.Store.Get(KubeKind.GrpcRoute, "prod-payments", "payments-grpc")!;
        Assert.Equal("edge", grpc["spec"]!["parentRefs"]![0]!["namespace"]!.GetValue<string>());
        Assert.Equal("edge", grpc["status"]!["parents"]![0]!["parentRef"]!["namespace"]!.GetValue<string>());
    }

    [Fact]
    public void Desired_NamespaceMappedToANameWithATrailingNewline_ObjectsRefused()
    {
        var options = Options with { Namespaces = new Dictionary<string, string> { ["payments"] = "prod-payments\n" } };

        var desired = Desired(options);

        Assert.Contains(desired.Refused, r => r.Contains("payments-grpc", StringComparison.Ordinal) && r.EndsWith("not a valid Kubernetes name or namespace", StringComparison.Ordinal));
        Assert.DoesNotContain(desired.Objects, o => o.Namespace.StartsWith("prod-payments", StringComparison.Ordinal));
    }

    internal static DesiredObjects.Result Desired(ClusterStatusOptions options)
    {
        var files = SourceFiles.ReadDirectory(Path.Combine(RepoPaths.Root, "examples", "repo-layout")).Files;
        var result = PlanRenderer.Render(new RenderInput(files, "main@sha1:test"));
        Assert.False(result.HasErrors, string.Join("\n", result.Diagnostics));
        return DesiredObjects.Build(files, result.Status, Repository, options);
    }

    internal static Kubernetes Client(ApiEmulator api) => new(new KubernetesClientConfiguration { Host = api.Address.ToString().TrimEnd('/') });

    private static ClusterStatusSync Sync(IKubernetes client, ClusterStatusOptions? options = null) =>
        new(client, options ?? Options, Repository, TimeProvider.System, NullLogger.Instance);

    private static JsonObject Owned(string name, string repository) => JsonNode.Parse($$"""
        {"metadata": {"name": "{{name}}", "labels": {"app.kubernetes.io/managed-by": "gitgateway", "gitgateway.dev/repository": "{{repository}}"} }, "spec": {} }
        """)!.AsObject();

    private static string? Label(JsonObject obj, string key) => obj["metadata"]?["labels"]?[key]?.GetValue<string>();
}
