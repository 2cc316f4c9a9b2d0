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
/// The real <c>gitgateway-proxy</c> with <c>--kubernetes</c> naming an API that refuses connections: a Service no
/// backends file lists resolves by its cluster DNS name, here from a hosts file bind-mounted over /etc/hosts in the
/// node's own mount namespace (nothing outside the test's process sees it), to a backend on 127.0.0.1. Once the API
/// comes up on that address, the node lists the Service's EndpointSlices and its pod on 127.0.0.2 takes the requests.
/// </summary>
public sealed class DnsFallbackTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Node_ApiUnreachable_ServesByClusterDns_SlicesTakeOverOnceTheApiIsUp()
    {
        Peer.RequireRoot("bind-mount a hosts file in the node's own mount namespace");
        var unshare = Peer.Require("unshare", "util-linux");
        var port = Ports.FreeTcp();
        await using var byDns = await EchoBackend.StartAsync("by-dns", address: IPAddress.Parse("127.0.0.1"), port: port);
        await using var bySlice = await EchoBackend.StartAsync("by-slice", address: IPAddress.Parse("127.0.0.2"), port: port);
        var dir = Directory.CreateTempSubdirectory("gg-dns-");
        var (apiPort, nodePort) = (Ports.FreeTcp(), Ports.FreeTcp());
        using var node = await StartNodeAsync(unshare, dir.FullName, port, apiPort, nodePort);
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{nodePort}"), Timeout = TimeSpan.FromSeconds(10) };
            await Eventually.HoldsAsync(async () => await Ok(http) && !byDns.Seen.IsEmpty, "served by the DNS name while the API refuses", 30_000);
            var beforeApi = bySlice.Seen.Count;

            await using var api = await ApiEmulator.StartAsync(TimeSpan.Zero, Token, apiPort);
            using var client = KubeObjects.Client(api);
            await client.DiscoveryV1.CreateNamespacedEndpointSliceAsync(KubeObjects.Slice("web-1", "web", port, ["127.0.0.2"]), "infra", cancellationToken: Token);
            await Eventually.HoldsAsync(async () => await Ok(http) && !bySlice.Seen.IsEmpty, "the slice's pod takes requests once the API is up", 45_000);
            var dnsAfter = byDns.Seen.Count;
            for (var i = 0; i < 20; i++)
            {
                Assert.True(await Ok(http));
            }

            Assert.Equal(0, beforeApi);
            Assert.Equal(dnsAfter, byDns.Seen.Count);
            Assert.True(api.Count("LIST", KubeKind.EndpointSlice) >= 1);
        }
        finally
        {
            await NodeProgram.StopAsync(node);
            dir.Delete(recursive: true);
        }
    }

    private static Task<bool> Ok(HttpClient http) => NodeProgram.OkAsync(http, Token);

    /// <summary>The node, in a mount namespace of its own where /etc/hosts names web.infra.svc.cluster.local 127.0.0.1.</summary>
    private static async Task<Process> StartNodeAsync(string unshare, string dir, int servicePort, int apiPort, int nodePort)
    {
        var hosts = Path.Combine(dir, "hosts");
        await File.WriteAllTextAsync(hosts, "127.0.0.1 localhost\n127.0.0.1 web.infra.svc.cluster.local\n", Token);
        var backend = Service("web") with { Id = $"Service/infra/web:{servicePort}", Port = servicePort };
        await File.WriteAllTextAsync(Path.Combine(dir, "plan.json"), PlanJson.ToIndentedString(Of(Http(80, Host("*", Entry("web", Prefix("/"), backend))))), Token);
        await File.WriteAllTextAsync(Path.Combine(dir, "backends.json"), "{}", Token);
        string[] args =
        [
            "--mount", "--", "sh", "-c", "mount --bind \"$0\" /etc/hosts && exec \"$@\"", hosts,
            "dotnet", Path.Combine(AppContext.BaseDirectory, "gitgateway-proxy.dll"),
            "--plan", Path.Combine(dir, "plan.json"), "--backends", Path.Combine(dir, "backends.json"), "--listen", "127.0.0.1",
            "--port-map", $"80={nodePort.ToString(CultureInfo.InvariantCulture)}", "--admin-port", "0", "--state-dir", Path.Combine(dir, "state"),
            "--node-name", "dns-test", "--kubernetes", $"http://127.0.0.1:{apiPort.ToString(CultureInfo.InvariantCulture)}",
        ];
        return NodeProgram.Start(new ProcessStartInfo(unshare), args);
    }
}
