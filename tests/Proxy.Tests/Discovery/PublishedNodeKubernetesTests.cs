using System.Diagnostics;
using System.Globalization;
using System.Net;
using GitGateway.Fixtures;
using GitGateway.Fixtures.Kube;
using GitGateway.Plan.Serialization;
using GitGateway.Proxy.Tests.Support;
using k8s;
using static GitGateway.Proxy.Tests.Support.Plans;

namespace GitGateway.Proxy.Tests.Discovery;

/// <summary>
/// The node as a program with <c>--kubernetes</c> pointed at the API emulator, as it runs in a cluster: it lists the
/// EndpointSlices, watches them and moves its traffic when a slice changes. GITGATEWAY_NODE_BINARY=PATH runs a
/// published node (the Native AOT binary, or a self-contained publish's apphost) instead of this build's
/// <c>gitgateway-proxy.dll</c>, so the publish the image ships is checked against the same API.
/// </summary>
public sealed class PublishedNodeKubernetesTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Node_ApiEmulatorSliceReplaced_ListsWatchesAndMovesToTheNewPod()
    {
        var port = Ports.FreeTcp();
        await using var first = await EchoBackend.StartAsync("first", address: IPAddress.Parse("127.0.0.1"), port: port);
        await using var second = await EchoBackend.StartAsync("second", address: IPAddress.Parse("127.0.0.2"), port: port);
        await using var api = await ApiEmulator.StartAsync(TimeSpan.FromSeconds(1), Token);
        using var client = KubeObjects.Client(api);
        await client.DiscoveryV1.CreateNamespacedEndpointSliceAsync(KubeObjects.Slice("web-1", "web", port, ["127.0.0.1"]), "infra", cancellationToken: Token);
        var dir = Directory.CreateTempSubdirectory("gg-node-kube-");
        var nodePort = Ports.FreeTcp();
        using var node = await StartNodeAsync(dir.FullName, api.Address, port, nodePort);
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{nodePort}"), Timeout = TimeSpan.FromSeconds(10) };
            await Eventually.HoldsAsync(async () => await Ok(http) && !first.Seen.IsEmpty, "served by the listed slice's pod", 60_000);
            await Eventually.HoldsAsync(() => api.Store.OpenWatchesOf(KubeKind.EndpointSlice) == 1, "the node's watch", 30_000);

            await client.DiscoveryV1.ReplaceNamespacedEndpointSliceAsync(KubeObjects.Slice("web-1", "web", port, ["127.0.0.2"]), "web-1", "infra", cancellationToken: Token);
            await Eventually.HoldsAsync(async () => await Ok(http) && !second.Seen.IsEmpty, "the watched change moves traffic to the new pod", 30_000);
            var firstAfter = first.Seen.Count;
            for (var i = 0; i < 10; i++)
            {
                Assert.True(await Ok(http));
            }

            Assert.Equal(firstAfter, first.Seen.Count);
            Assert.Equal(1, api.Count("LIST", KubeKind.EndpointSlice));
            Assert.False(node.HasExited);
        }
        finally
        {
            await NodeProgram.StopAsync(node);
            dir.Delete(recursive: true);
        }
    }

    private static Task<bool> Ok(HttpClient http) => NodeProgram.OkAsync(http, Token);

    private static async Task<Process> StartNodeAsync(string dir, Uri api, int servicePort, int nodePort)
    {
        var backend = Service("web") with { Id = $"Service/infra/web:{servicePort}", Port = servicePort };
        await File.WriteAllTextAsync(Path.Combine(dir, "plan.json"), PlanJson.ToIndentedString(Of(Http(80, Host("*", Entry("web", Prefix("/"), backend))))), Token);
        var binary = Environment.GetEnvironmentVariable("GITGATEWAY_NODE_BINARY") is { Length: > 0 } published ? published : null;
        string[] args =
        [
            .. binary is null ? [Path.Combine(AppContext.BaseDirectory, "gitgateway-proxy.dll")] : Array.Empty<string>(),
            "--plan", Path.Combine(dir, "plan.json"), "--listen", "127.0.0.1", "--port-map", $"80={nodePort.ToString(CultureInfo.InvariantCulture)}",
            "--admin-port", "0", "--state-dir", Path.Combine(dir, "state"), "--access-log", "off", "--drain-seconds", "0",
            "--node-name", "kube-test", "--kubernetes", api.ToString(),
        ];
        return NodeProgram.Start(new ProcessStartInfo(binary ?? "dotnet"), args);
    }
}
