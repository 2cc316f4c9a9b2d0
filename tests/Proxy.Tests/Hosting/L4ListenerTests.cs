using System.Net;
using System.Net.Sockets;
using System.Text;
using GitGateway.Plan.Model;
using GitGateway.Proxy.Tests.Support;
using static GitGateway.Proxy.Tests.Support.Plans;

namespace GitGateway.Proxy.Tests.Hosting;

public sealed class L4ListenerTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Tcp_Route_SplicesLinesBothWays()
    {
        await using var backend = L4Backend.StartTcp("tcp");
        await using var proxy = await ProxyHost.StartAsync(new Dictionary<string, string[]> { ["infra/tcp:8080"] = [backend.Authority] }, [9000]);
        await proxy.ApplyAsync(Of(Listener("tcp", 9000, ListenerProtocol.TCP, null, null, [], L4("tcp", [], Service("tcp")))));

        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, proxy.LocalPort(9000), Token);
        var stream = client.GetStream();
        await stream.WriteAsync("one\ntwo\n"u8.ToArray(), Token);
        using var reader = new StreamReader(stream);

        Assert.Equal("tcp:one", await reader.ReadLineAsync(Token));
        Assert.Equal("tcp:two", await reader.ReadLineAsync(Token));
    }

    [Fact]
    public async Task Udp_Route_RelaysDatagramsPerClient()
    {
        await using var backend = L4Backend.StartUdp("udp");
        await using var proxy = await ProxyHost.StartAsync(new Dictionary<string, string[]> { ["infra/udp:8080"] = [backend.Authority] }, [5353], udp: true);
        await proxy.ApplyAsync(Of(Listener("udp", 5353, ListenerProtocol.UDP, null, null, [], L4("udp", [], Service("udp")))));
        using var first = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        using var second = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var proxyEndpoint = new IPEndPoint(IPAddress.Loopback, proxy.LocalPort(5353));

        await first.SendAsync(Encoding.UTF8.GetBytes("from-first"), proxyEndpoint, Token);
        await second.SendAsync(Encoding.UTF8.GetBytes("from-second"), proxyEndpoint, Token);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Token);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        var firstReply = await first.ReceiveAsync(timeout.Token);
        var secondReply = await second.ReceiveAsync(timeout.Token);

        Assert.Equal("udp:from-first", Encoding.UTF8.GetString(firstReply.Buffer));
        Assert.Equal("udp:from-second", Encoding.UTF8.GetString(secondReply.Buffer));
    }
}
