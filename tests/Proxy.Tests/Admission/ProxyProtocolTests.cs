using System.Net;
using System.Net.Sockets;
using System.Text;
using GitGateway.Proxy.Forwarding;
using GitGateway.Proxy.Tests.Support;
using static GitGateway.Proxy.Tests.Support.Plans;

namespace GitGateway.Proxy.Tests.Admission;

/// <summary>PROXY protocol on a real node, from a raw client: only a trusted peer's header is read, and it must send one.</summary>
public sealed class ProxyProtocolTests
{
    private const string Request = "GET /x HTTP/1.1\r\nHost: a.test\r\nX-Forwarded-For: 6.6.6.6\r\n\r\n";

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TrustedPeer_V1Header_BackendSeesTheClientAddress()
    {
        await using var backend = await EchoBackend.StartAsync("v1");
        await using var proxy = await StartAsync(backend, "127.0.0.1/32");

        var answer = await RawClient.SendAsync(proxy.LocalPort(80), "PROXY TCP4 203.0.113.7 127.0.0.1 5555 80\r\n" + Request, Token);

        Assert.Equal(200, answer.Status);
        Assert.Equal("203.0.113.7", Assert.Single(backend.Seen).Headers["X-Forwarded-For"]);
    }

    [Fact]
    public async Task TrustedPeer_NoHeader_IsClosed()
    {
        await using var backend = await EchoBackend.StartAsync("v1");
        await using var proxy = await StartAsync(backend, "127.0.0.1/32");

        Assert.Equal(0, await StatusOrClosedAsync(proxy.LocalPort(80), Request));
        Assert.Empty(backend.Seen);
    }

    [Fact]
    public async Task UntrustedPeer_WithHeader_IsClosedAndWithout_IsServedAsTheEdge()
    {
        await using var backend = await EchoBackend.StartAsync("v1");
        await using var proxy = await StartAsync(backend, "10.0.0.0/8");

        var spoofed = await StatusOrClosedAsync(proxy.LocalPort(80), "PROXY TCP4 203.0.113.7 127.0.0.1 5555 80\r\n" + Request);
        var direct = await StatusOrClosedAsync(proxy.LocalPort(80), Request);

        Assert.Equal(0, spoofed);
        Assert.Equal(200, direct);
        Assert.Equal("127.0.0.1", Assert.Single(backend.Seen).Headers["X-Forwarded-For"]);
    }

    [Fact]
    public async Task TrustedPeer_NoHeader_CountsAnInvalidRefusal()
    {
        await using var backend = await EchoBackend.StartAsync("v1");
        await using var proxy = await StartAsync(backend, "127.0.0.1/32");

        await StatusOrClosedAsync(proxy.LocalPort(80), Request);

        var metrics = proxy.Node.Metrics.Render();
        Assert.Contains("gitgateway_proxy_proxy_protocol_refused_total{reason=\"invalid\"} 1\n", metrics, StringComparison.Ordinal);
        Assert.Contains("gitgateway_proxy_proxy_protocol_refused_total{reason=\"untrusted\"} 0\n", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UntrustedPeer_WithHeader_CountsAnUntrustedRefusalAndWithout_NoRefusal()
    {
        await using var backend = await EchoBackend.StartAsync("v1");
        await using var proxy = await StartAsync(backend, "10.0.0.0/8");

        await StatusOrClosedAsync(proxy.LocalPort(80), "PROXY TCP4 203.0.113.7 127.0.0.1 5555 80\r\n" + Request);
        Assert.Equal(200, await StatusOrClosedAsync(proxy.LocalPort(80), Request));

        var metrics = proxy.Node.Metrics.Render();
        Assert.Contains("gitgateway_proxy_proxy_protocol_refused_total{reason=\"untrusted\"} 1\n", metrics, StringComparison.Ordinal);
        Assert.Contains("gitgateway_proxy_proxy_protocol_refused_total{reason=\"invalid\"} 0\n", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TrustedPeer_ValidHeader_CountsNoRefusal()
    {
        await using var backend = await EchoBackend.StartAsync("v1");
        await using var proxy = await StartAsync(backend, "127.0.0.1/32");

        Assert.Equal(200, await StatusOrClosedAsync(proxy.LocalPort(80), "PROXY TCP4 203.0.113.7 127.0.0.1 5555 80\r\n" + Request));

        Assert.DoesNotContain(
            proxy.Node.Metrics.Render().Split('\n'),
            line => line.StartsWith("gitgateway_proxy_proxy_protocol_refused_total", StringComparison.Ordinal) && !line.EndsWith(" 0", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TrustedPeer_SilentPastTheReadTimeout_CountsATimeoutRefusal()
    {
        await using var backend = await EchoBackend.StartAsync("v1");
        await using var proxy = await StartAsync(backend, "127.0.0.1/32");

        Assert.Equal(0, await StatusOrClosedAsync(proxy.LocalPort(80), "")); // says nothing; closed after ProxyProtocolAcceptor.HeaderTimeout

        Assert.Contains("gitgateway_proxy_proxy_protocol_refused_total{reason=\"timeout\"} 1\n", proxy.Node.Metrics.Render(), StringComparison.Ordinal);
        Assert.Empty(backend.Seen);
    }

    [Theory]
    [InlineData("send-proxy")]
    [InlineData("send-proxy-v2")]
    public async Task HaproxyInFront_SendProxy_BackendSeesTheClientAddress(string sendProxy)
    {
        var haproxy = GitGateway.Fixtures.Peer.Require("haproxy", "haproxy");
        await using var backend = await EchoBackend.StartAsync("v1");
        await using var proxy = await StartAsync(backend, "127.0.0.1/32");
        var front = GitGateway.Fixtures.Ports.FreeTcp();
        var config = Path.Combine(proxy.Directory, "haproxy.cfg");
        await File.WriteAllTextAsync(config, $"""
            global
                maxconn 100
            defaults
                mode tcp
                timeout connect 5s
                timeout client 20s
                timeout server 20s
            frontend in
                bind 127.0.0.1:{front}
                default_backend node
            backend node
                server gg 127.0.0.1:{proxy.LocalPort(80)} {sendProxy}

            """, Token);
        using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo(haproxy, ["-db", "-f", config]) { RedirectStandardError = true, RedirectStandardOutput = true })!;
        try
        {
            // The client connects from 127.0.0.2, HAProxy from 127.0.0.1: the backend must see the former.
            var answer = await SendFromAsync(IPAddress.Parse("127.0.0.2"), front, Request, process);

            Assert.Equal(200, answer);
            Assert.Equal("127.0.0.2", Assert.Single(backend.Seen).Headers["X-Forwarded-For"]);
        }
        finally
        {
            process.Kill();
            await process.WaitForExitAsync(Token);
        }
    }

    /// <summary>The status answered, or 0 when the node closed or reset the connection without one.</summary>
    private static async Task<int> StatusOrClosedAsync(int port, string request)
    {
        try
        {
            return (await RawClient.SendAsync(port, request, Token)).Status;
        }
        catch (IOException)
        {
            return 0;
        }
    }

    private static async Task<int> SendFromAsync(IPAddress local, int port, string request, System.Diagnostics.Process haproxy)
    {
        for (var attempt = 0; ; attempt++)
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            socket.Bind(new IPEndPoint(local, 0));
            try
            {
                await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), Token);
            }
            catch (SocketException) when (attempt < 50 && !haproxy.HasExited)
            {
                await Task.Delay(100, Token); // HAProxy is still starting
                continue;
            }
            catch (SocketException) when (haproxy.HasExited)
            {
                throw new InvalidOperationException($"haproxy exited: {await haproxy.StandardError.ReadToEndAsync(Token)}");
            }

            await using var stream = new NetworkStream(socket, ownsSocket: false);
            await stream.WriteAsync(Encoding.ASCII.GetBytes(request.Replace("\r\n\r\n", "\r\nConnection: close\r\n\r\n", StringComparison.Ordinal)), Token);
            using var read = new MemoryStream();
            await stream.CopyToAsync(read, Token);
            var text = Encoding.Latin1.GetString(read.ToArray());
            return text.Length >= 12 && int.TryParse(text.AsSpan(9, 3), out var status) ? status : 0;
        }
    }

    private static async Task<ProxyHost> StartAsync(EchoBackend backend, string trusted)
    {
        var edge = new EdgePolicy(TrustedProxies: [IPNetwork.Parse(trusted)], ProxyProtocol: true);
        var proxy = await ProxyHost.StartAsync(ProxyHost.Backends(backend), [80], edge: edge);
        await proxy.ApplyAsync(Of(Http(80, Host("*", Entry("r", Prefix("/"), Service("v1"))))));
        return proxy;
    }
}
