using System.Buffers.Binary;
using System.Net;
using System.Net.WebSockets;
using System.Text;
using GitGateway.Plan.Model;
using GitGateway.Proxy.Tests.Support;
using static GitGateway.Proxy.Tests.Support.Plans;

namespace GitGateway.Proxy.Tests.Forwarding;

public sealed class StreamingProtocolTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Grpc_UnaryCallOverH2c_MessageAndTrailersComeBack()
    {
        await using var backend = await EchoBackend.StartAsync("grpc", http2Only: true);
        await using var proxy = await ProxyHost.StartAsync(ProxyHost.Backends(backend), [80]);
        var entry = Entry("g", Exact("/grpc.Echo/Say"), Service("grpc")) with { Route = new ObjectRef("GRPCRoute", "infra", "g") };
        await proxy.ApplyAsync(Of(Http(80, Host("*", entry))));
        using var client = proxy.Client(80, HttpVersion.Version20);
        var payload = Encoding.UTF8.GetBytes("hello");
        var frame = new byte[5 + payload.Length];
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)payload.Length);
        payload.CopyTo(frame, 5);

        using var request = new HttpRequestMessage(HttpMethod.Post, "/grpc.Echo/Say") { Version = HttpVersion.Version20, VersionPolicy = HttpVersionPolicy.RequestVersionExact, Content = new ByteArrayContent(frame) };
        request.Content.Headers.ContentType = new("application/grpc");
        request.Headers.TryAddWithoutValidation("TE", "trailers");
        using var response = await client.SendAsync(request, Token);
        var body = await response.Content.ReadAsByteArrayAsync(Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/grpc", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal(frame, body);
        Assert.Equal("0", response.TrailingHeaders.GetValues("grpc-status").Single());
        Assert.Equal("echoed", response.TrailingHeaders.GetValues("grpc-message").Single());
    }

    [Fact]
    public async Task WebSocket_Upgrade_MessagesSplicedBothWays()
    {
        await using var backend = await EchoBackend.StartAsync("ws");
        await using var proxy = await ProxyHost.StartAsync(ProxyHost.Backends(backend), [80]);
        await proxy.ApplyAsync(Of(Http(80, Host("*", Entry("ws", Prefix("/ws"), Service("ws", appProtocol: "kubernetes.io/ws"))))));
        using var socket = new ClientWebSocket();

        await socket.ConnectAsync(new Uri($"ws://127.0.0.1:{proxy.LocalPort(80)}/ws"), Token);
        var sent = Encoding.UTF8.GetBytes("ping through the proxy");
        await socket.SendAsync(sent, WebSocketMessageType.Text, true, Token);
        var buffer = new byte[1024];
        var received = await socket.ReceiveAsync(buffer, Token);
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", Token);

        Assert.Equal("ping through the proxy", Encoding.UTF8.GetString(buffer, 0, received.Count));
        Assert.Equal("websocket", backend.Seen.Single().Headers["Upgrade"], ignoreCase: true);
    }
}
