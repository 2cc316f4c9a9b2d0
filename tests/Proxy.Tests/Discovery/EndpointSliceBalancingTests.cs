using System.Buffers.Binary;
using System.Net;
using GitGateway.Fixtures;
using GitGateway.Fixtures.Kube;
using GitGateway.Plan.Model;
using GitGateway.Proxy.Discovery;
using GitGateway.Proxy.Tests.Support;
using k8s;
using static GitGateway.Proxy.Tests.Support.Plans;

namespace GitGateway.Proxy.Tests.Discovery;

/// <summary>
/// A node with <c>--kubernetes</c> balances per pod from the EndpointSlices it watches in the API emulator; the pods
/// are real backends on 127.0.0.1, .2 and .3 sharing one port, as pods of a Service share a target port.
/// </summary>
public sealed class EndpointSliceBalancingTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Grpc_ThreeEndpointsInSlice_CallsSpreadWithinTwentyPercent()
    {
        await using var api = await ApiEmulator.StartAsync(TimeSpan.FromSeconds(1), Token);
        var pods = await StartPodsAsync(3, http2: true);
        await using var stop = new Pods(pods);
        using var client = KubeObjects.Client(api);
        await client.DiscoveryV1.CreateNamespacedEndpointSliceAsync(KubeObjects.Slice("grpc-1", "grpc", pods[0].Port, pods.Select(p => p.Address.ToString())), "infra", cancellationToken: Token);
        await using var proxy = await ProxyHost.StartAsync(new Dictionary<string, string[]>(), [80], kubernetes: new KubeApiOptions(api.Address.ToString()));
        var entry = Entry("g", Exact("/grpc.Echo/Say"), Service("grpc")) with { Route = new ObjectRef("GRPCRoute", "infra", "g") };
        await proxy.ApplyAsync(Of(Http(80, Host("*", entry))));
        using var http = proxy.Client(80, HttpVersion.Version20);
        await UntilAsync(async () => await CallAsync(http) == HttpStatusCode.OK && pods.All(p => !p.Seen.IsEmpty));
        var before = pods.Select(p => p.Seen.Count).ToArray();

        for (var i = 0; i < 90; i++)
        {
            Assert.Equal(HttpStatusCode.OK, await CallAsync(http));
        }

        var calls = pods.Select((p, i) => p.Seen.Count - before[i]).ToArray();
        Assert.Equal(90, calls.Sum());
        Assert.All(calls, n => Assert.InRange(n, 24, 36));
    }

    [Fact]
    public async Task Slice_EndpointRemoved_NoNewRequestsAfterOneSecond()
    {
        await using var api = await ApiEmulator.StartAsync(TimeSpan.FromSeconds(1), Token);
        var pods = await StartPodsAsync(3, http2: false);
        await using var stop = new Pods(pods);
        using var client = KubeObjects.Client(api);
        await client.DiscoveryV1.CreateNamespacedEndpointSliceAsync(KubeObjects.Slice("web-1", "web", pods[0].Port, pods.Select(p => p.Address.ToString())), "infra", cancellationToken: Token);
        await using var proxy = await StartProxyAsync(api);
        using var http = proxy.Client(80);
        await UntilAsync(async () => (await http.GetAsync("/", Token)).IsSuccessStatusCode && pods.All(p => !p.Seen.IsEmpty));

        await client.DiscoveryV1.ReplaceNamespacedEndpointSliceAsync(KubeObjects.Slice("web-1", "web", pods[0].Port, pods.Take(2).Select(p => p.Address.ToString())), "web-1", "infra", cancellationToken: Token);
        await Task.Delay(TimeSpan.FromSeconds(1), Token);
        var removedBefore = pods[2].Seen.Count;
        for (var i = 0; i < 30; i++)
        {
            Assert.True((await http.GetAsync("/", Token)).IsSuccessStatusCode);
        }

        Assert.Equal(removedBefore, pods[2].Seen.Count);
    }

    [Fact]
    public async Task Slice_TerminatingEndpoint_DrainedWhileOthersAreReady()
    {
        await using var api = await ApiEmulator.StartAsync(TimeSpan.FromSeconds(1), Token);
        var pods = await StartPodsAsync(3, http2: false);
        await using var stop = new Pods(pods);
        using var client = KubeObjects.Client(api);
        var addresses = pods.Select(p => p.Address.ToString()).ToArray();
        await client.DiscoveryV1.CreateNamespacedEndpointSliceAsync(KubeObjects.Slice("web-1", "web", pods[0].Port, addresses, terminating: addresses[2]), "infra", cancellationToken: Token);
        await using var proxy = await StartProxyAsync(api);
        using var http = proxy.Client(80);
        await UntilAsync(async () => (await http.GetAsync("/", Token)).IsSuccessStatusCode);

        for (var i = 0; i < 30; i++)
        {
            Assert.True((await http.GetAsync("/", Token)).IsSuccessStatusCode);
        }

        Assert.Empty(pods[2].Seen);
        Assert.True(pods[0].Seen.Count >= 15 && pods[1].Seen.Count >= 15);
    }

    [Fact]
    public async Task Watch_Gone_RelistsAndFollowsTheNewEndpoints()
    {
        await using var api = await ApiEmulator.StartAsync(TimeSpan.FromSeconds(1), Token);
        var pods = await StartPodsAsync(2, http2: false);
        await using var stop = new Pods(pods);
        using var client = KubeObjects.Client(api);
        await client.DiscoveryV1.CreateNamespacedEndpointSliceAsync(KubeObjects.Slice("web-1", "web", pods[0].Port, [pods[0].Address.ToString()]), "infra", cancellationToken: Token);
        await using var proxy = await StartProxyAsync(api);
        using var http = proxy.Client(80);
        await UntilAsync(async () => (await http.GetAsync("/", Token)).IsSuccessStatusCode);
        await UntilAsync(() => Task.FromResult(api.Store.OpenWatches > 0));

        api.Store.Expire();
        await client.DiscoveryV1.ReplaceNamespacedEndpointSliceAsync(KubeObjects.Slice("web-1", "web", pods[0].Port, [pods[1].Address.ToString()]), "web-1", "infra", cancellationToken: Token);
        await UntilAsync(async () => (await http.GetAsync("/", Token)).IsSuccessStatusCode && !pods[1].Seen.IsEmpty);

        Assert.True(api.Count("LIST", KubeKind.EndpointSlice) >= 2);
    }

    private static async Task<ProxyHost> StartProxyAsync(ApiEmulator api)
    {
        var proxy = await ProxyHost.StartAsync(new Dictionary<string, string[]>(), [80], kubernetes: new KubeApiOptions(api.Address.ToString()));
        await proxy.ApplyAsync(Of(Http(80, Host("*", Entry("web", Prefix("/"), Service("web"))))));
        return proxy;
    }

    /// <summary>Backends on 127.0.0.1, .2, … sharing one port.</summary>
    private static async Task<EchoBackend[]> StartPodsAsync(int count, bool http2)
    {
        var port = Ports.FreeTcp();
        var pods = new EchoBackend[count];
        for (var i = 0; i < count; i++)
        {
            pods[i] = await EchoBackend.StartAsync($"pod-{i}", http2, IPAddress.Parse($"127.0.0.{i + 1}"), port);
        }

        return pods;
    }

    private static async Task<HttpStatusCode> CallAsync(HttpClient http)
    {
        var frame = new byte[5 + 5];
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), 5);
        "hello"u8.CopyTo(frame.AsSpan(5));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/grpc.Echo/Say") { Version = HttpVersion.Version20, VersionPolicy = HttpVersionPolicy.RequestVersionExact, Content = new ByteArrayContent(frame) };
        request.Content.Headers.ContentType = new("application/grpc");
        request.Headers.TryAddWithoutValidation("TE", "trailers");
        using var response = await http.SendAsync(request, Token);
        await response.Content.ReadAsByteArrayAsync(Token);
        return response.TrailingHeaders.TryGetValues("grpc-status", out var status) && status.Single() == "0" ? response.StatusCode : HttpStatusCode.BadGateway;
    }

    /// <summary>Polls a condition for up to 10 s (the node lists the slices in the background).</summary>
    private static async Task UntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met within 10 s");
            await Task.Delay(50, Token);
        }
    }

    private sealed class Pods(EchoBackend[] pods) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            foreach (var pod in pods)
            {
                await pod.DisposeAsync();
            }
        }
    }
}
