using System.Net;
using System.Text.Json.Nodes;
using GitGateway.Fixtures.Kube;
using GitGateway.Proxy.Tests.Support;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace GitGateway.Proxy.Tests.Discovery;

/// <summary>The emulator speaks the API as the official client expects it: the client drives every check.</summary>
public sealed class ApiEmulatorTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Watch_FromListVersion_SeesLaterChangesOnly()
    {
        await using var api = await ApiEmulator.StartAsync(TimeSpan.Zero, Token);
        using var client = KubeObjects.Client(api);
        await client.DiscoveryV1.CreateNamespacedEndpointSliceAsync(KubeObjects.Slice("a-1", "a", 8080, ["10.0.0.1"]), "infra", cancellationToken: Token);
        var list = await client.DiscoveryV1.ListEndpointSliceForAllNamespacesAsync(cancellationToken: Token);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Token);
        cancel.CancelAfter(TimeSpan.FromSeconds(10));
        var watch = client.DiscoveryV1.WatchListEndpointSliceForAllNamespacesAsync(resourceVersion: list.Metadata.ResourceVersion, cancellationToken: cancel.Token);

        await client.DiscoveryV1.ReplaceNamespacedEndpointSliceAsync(KubeObjects.Slice("a-1", "a", 8080, ["10.0.0.2"]), "a-1", "infra", cancellationToken: Token);
        var events = new List<(WatchEventType Type, V1EndpointSlice Slice)>();
        await foreach (var e in watch)
        {
            events.Add(e);
            break;
        }

        Assert.Single(list.Items);
        var (type, slice) = Assert.Single(events);
        Assert.Equal(WatchEventType.Modified, type);
        Assert.Equal("10.0.0.2", slice.Endpoints.Single().Addresses.Single());
    }

    [Fact]
    public async Task Watch_CompactedVersion_ErrorEventSays410()
    {
        await using var api = await ApiEmulator.StartAsync(TimeSpan.Zero, Token);
        using var client = KubeObjects.Client(api);
        await client.CoreV1.CreateNamespacedSecretAsync(new V1Secret { Metadata = new V1ObjectMeta { Name = "s" } }, "infra", cancellationToken: Token);
        var list = await client.CoreV1.ListSecretForAllNamespacesAsync(cancellationToken: Token);
        await client.CoreV1.DeleteNamespacedSecretAsync("s", "infra", cancellationToken: Token);
        api.Store.Expire();

        var errors = new List<Exception>();
        await foreach (var unused in client.CoreV1.WatchListSecretForAllNamespacesAsync(resourceVersion: list.Metadata.ResourceVersion, onError: errors.Add, cancellationToken: Token))
        {
            Assert.Fail("no event may come from a compacted version");
        }

        var gone = Assert.IsType<KubernetesException>(Assert.Single(errors));
        Assert.Equal(410, gone.Status.Code);
    }

    [Fact]
    public async Task Watch_BookmarksAllowed_BookmarkCarriesNewestVersion()
    {
        await using var api = await ApiEmulator.StartAsync(TimeSpan.FromMilliseconds(100), Token);
        using var client = KubeObjects.Client(api);
        await client.CoreV1.CreateNamespacedSecretAsync(new V1Secret { Metadata = new V1ObjectMeta { Name = "s" } }, "infra", cancellationToken: Token);
        var watch = client.CoreV1.WatchListNamespacedSecretAsync("infra", allowWatchBookmarks: true, resourceVersion: api.Store.ResourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture), cancellationToken: Token);

        V1Secret? bookmark = null;
        await foreach (var (type, secret) in watch)
        {
            Assert.Equal(WatchEventType.Bookmark, type);
            bookmark = secret;
            break;
        }

        Assert.Equal(api.Store.ResourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture), bookmark!.Metadata.ResourceVersion);
    }

    [Fact]
    public async Task Watch_Dropped_StreamEnds()
    {
        // A watch closed before its first line surfaces in the client as an HttpRequestException instead (it peeks
        // the first line for an error); the watchers handle both.
        await using var api = await ApiEmulator.StartAsync(TimeSpan.Zero, Token);
        using var client = KubeObjects.Client(api);
        await client.CoreV1.CreateNamespacedSecretAsync(new V1Secret { Metadata = new V1ObjectMeta { Name = "s" } }, "infra", cancellationToken: Token);
        var ended = Task.Run(async () =>
        {
            await foreach (var unused in client.CoreV1.WatchListNamespacedSecretAsync("infra", cancellationToken: Token))
            {
            }
        }, Token);
        while (api.Store.OpenWatches == 0)
        {
            await Task.Delay(10, Token);
        }

        api.Store.DropWatches();

        await ended.WaitAsync(TimeSpan.FromSeconds(10), Token);
        Assert.True(ended.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task Replace_StaleResourceVersion_Conflicts()
    {
        await using var api = await ApiEmulator.StartAsync(TimeSpan.Zero, Token);
        using var client = KubeObjects.Client(api);
        var created = await client.CoordinationV1.CreateNamespacedLeaseAsync(new V1Lease { Metadata = new V1ObjectMeta { Name = "l" }, Spec = new V1LeaseSpec { HolderIdentity = "a" } }, "infra", cancellationToken: Token);
        created.Spec.HolderIdentity = "b";
        await client.CoordinationV1.ReplaceNamespacedLeaseAsync(created, "l", "infra", cancellationToken: Token);

        created.Spec.HolderIdentity = "c";
        var conflict = await Assert.ThrowsAsync<HttpOperationException>(() => client.CoordinationV1.ReplaceNamespacedLeaseAsync(created, "l", "infra", cancellationToken: Token));

        Assert.Equal(HttpStatusCode.Conflict, conflict.Response.StatusCode);
        Assert.Equal("b", (await client.CoordinationV1.ReadNamespacedLeaseAsync("l", "infra", cancellationToken: Token)).Spec.HolderIdentity);
    }

    [Fact]
    public async Task Status_Subresource_MainWriteKeepsStatusAndStatusWriteKeepsSpec()
    {
        await using var api = await ApiEmulator.StartAsync(TimeSpan.Zero, Token);
        using var client = KubeObjects.Client(api);
        var gateway = new JsonObject { ["metadata"] = new JsonObject { ["name"] = "gw" }, ["spec"] = new JsonObject { ["gatewayClassName"] = "a" } };
        await client.CustomObjects.CreateNamespacedCustomObjectAsync(gateway, "gateway.networking.k8s.io", "v1", "infra", "gateways", cancellationToken: Token);
        var withStatus = new JsonObject { ["metadata"] = new JsonObject { ["name"] = "gw" }, ["spec"] = new JsonObject { ["gatewayClassName"] = "ignored" }, ["status"] = new JsonObject { ["addresses"] = new JsonArray(new JsonObject { ["value"] = "192.0.2.1" }) } };
        await client.CustomObjects.ReplaceNamespacedCustomObjectStatusAsync(withStatus, "gateway.networking.k8s.io", "v1", "infra", "gateways", "gw", cancellationToken: Token);
        var respec = new JsonObject { ["metadata"] = new JsonObject { ["name"] = "gw" }, ["spec"] = new JsonObject { ["gatewayClassName"] = "b" }, ["status"] = new JsonObject() };
        await client.CustomObjects.ReplaceNamespacedCustomObjectAsync(respec, "gateway.networking.k8s.io", "v1", "infra", "gateways", "gw", cancellationToken: Token);

        var stored = api.Store.Get(KubeKind.Gateway, "infra", "gw")!;
        Assert.Equal("b", stored["spec"]!["gatewayClassName"]!.GetValue<string>());
        Assert.Equal("192.0.2.1", stored["status"]!["addresses"]![0]!["value"]!.GetValue<string>());
        Assert.Equal(2, stored["metadata"]!["generation"]!.GetValue<long>());
    }
}
