using System.Net;
using System.Net.Sockets;
using GitGateway.Plan.Model;
using GitGateway.Proxy.Tests.Support;
using static GitGateway.Proxy.Tests.Support.Plans;

namespace GitGateway.Proxy.Tests.Filters;

public sealed class MirrorBodyTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static RouteEntry Mirrored(string mirror) => Entry(
        "mirrored", new RouteMatch(Prefix("/"), null, default, default), [new Filter(FilterType.RequestMirror, RequestMirror: new MirrorFilter(Service(mirror), 1, 1))], Service("v1"));

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task RequestMirror_PostWithOneMebibyteBody_BackendAndMirrorReceiveIdenticalBytes(bool knownLength)
    {
        await using var primary = await BodyEchoes.StartAsync("v1");
        await using var mirror = await BodyEchoes.StartAsync("m1");
        await using var proxy = await ProxyHost.StartAsync(BodyEchoes.Backends(("v1", primary.Ports.Http), ("m1", mirror.Ports.Http)), [80], admin: true);
        await proxy.ApplyAsync(Of(Http(80, Host("*", Mirrored("m1")))));
        using var client = proxy.Client(80);
        var body = BodyEchoes.RandomBody(1024 * 1024);

        using var response = await client.PostAsync("/upload?n=1", BodyEchoes.Content(body, knownLength), Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var served = Assert.Single(primary.Events);
        var copied = await BodyEchoes.WaitForEchoAsync(mirror, "/upload?n=1");
        Assert.NotNull(copied);
        Assert.Equal(BodyEchoes.Sha256(body), served.BodySha256);
        Assert.Equal(BodyEchoes.Sha256(body), copied.BodySha256);
        Assert.Equal(body.Length, copied.BodyLength);
        Assert.Equal(knownLength ? body.Length : null, copied.ContentLength);
        Assert.Equal(served.ContentLength, copied.ContentLength);
    }

    [Fact]
    public async Task RequestMirror_MirrorThatNeverReads_MainRequestSucceedsAndCopyIsAbandoned()
    {
        await using var primary = await BodyEchoes.StartAsync("v1");
        using var stalled = new TcpListener(IPAddress.Loopback, 0);
        stalled.Start();
        var stalledPort = ((IPEndPoint)stalled.LocalEndpoint).Port;
        var accepted = new List<Socket>();
        var accepting = AcceptAndStallAsync(stalled, accepted);
        await using var proxy = await ProxyHost.StartAsync(BodyEchoes.Backends(("v1", primary.Ports.Http), ("stall", stalledPort)), [80], admin: true);
        await proxy.ApplyAsync(Of(Http(80, Host("*", Mirrored("stall")))));
        using var client = proxy.Client(80);
        var body = BodyEchoes.RandomBody(16 * 1024 * 1024); // well past the mirror buffer plus loopback socket buffers

        try
        {
            using var response = await client.PostAsync("/big", BodyEchoes.Content(body, knownLength: true), Token);

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(BodyEchoes.Sha256(body), Assert.Single(primary.Events).BodySha256);
            Assert.True(await MetricsEventuallyContainAsync(proxy, "gitgateway_proxy_mirror_abandoned_total{reason=\"behind\"} 1"));
        }
        finally
        {
            stalled.Stop();
            lock (accepted)
            {
                accepted.ForEach(s => s.Dispose());
            }

            await accepting;
        }
    }

    [Fact]
    public async Task RequestMirror_ClientAbortsMidBody_MirrorCopyIsAbandoned()
    {
        await using var primary = await BodyEchoes.StartAsync("v1");
        await using var mirror = await BodyEchoes.StartAsync("m1");
        await using var proxy = await ProxyHost.StartAsync(BodyEchoes.Backends(("v1", primary.Ports.Http), ("m1", mirror.Ports.Http)), [80], admin: true);
        await proxy.ApplyAsync(Of(Http(80, Host("*", Mirrored("m1")))));

        using (var tcp = new TcpClient())
        {
            await tcp.ConnectAsync(IPAddress.Loopback, proxy.LocalPort(80), Token);
            var stream = tcp.GetStream();
            await stream.WriteAsync("POST /aborted HTTP/1.1\r\nHost: example.com\r\nContent-Length: 1048576\r\n\r\n"u8.ToArray(), Token);
            await stream.WriteAsync(BodyEchoes.RandomBody(64 * 1024), Token);
            await stream.FlushAsync(Token);
            Assert.True(await MetricsEventuallyContainAsync(proxy, "gitgateway_proxy_mirror_requests_total 1")); // in flight
        }

        Assert.True(await MetricsEventuallyContainAsync(proxy, "gitgateway_proxy_mirror_abandoned_total{reason=\"ended\"} 1"));
        Assert.DoesNotContain(mirror.Events, e => e.RequestUri == "/aborted"); // the truncated copy was not served
    }

    private static async Task AcceptAndStallAsync(TcpListener listener, List<Socket> accepted)
    {
        try
        {
            while (true)
            {
                var socket = await listener.AcceptSocketAsync(Token);
                lock (accepted)
                {
                    accepted.Add(socket);
                }
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // the listener was stopped
        }
    }

    private static async Task<bool> MetricsEventuallyContainAsync(ProxyHost proxy, string line)
    {
        using var admin = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{proxy.Node.AdminPort}") };
        for (var i = 0; i < 200; i++)
        {
            if ((await admin.GetStringAsync("/metrics", Token)).Contains(line, StringComparison.Ordinal))
            {
                return true;
            }

            await Task.Delay(50, Token);
        }

        return false;
    }
}
