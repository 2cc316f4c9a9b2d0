using System.Net;
using GitGateway.Proxy.Forwarding;
using GitGateway.Proxy.Tests.Support;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;
using static GitGateway.Proxy.Tests.Support.Plans;

namespace GitGateway.Proxy.Tests.Forwarding;

public sealed class ForwardTryTests
{
    private sealed class ConnectionState : IPersistentStateFeature
    {
        public IDictionary<object, object?> State { get; } = new Dictionary<object, object?>();
    }

    /// <summary>What Kestrel's HTTP/2 stream is to the request: its id and, on the same object, its persistent state.</summary>
    private sealed class StreamState(int id) : IPersistentStateFeature, IHttp2StreamIdFeature
    {
        public IDictionary<object, object?> State { get; } = new Dictionary<object, object?>();

        public int StreamId => id;
    }

    private static DefaultHttpContext Context(string protocol, IPersistentStateFeature? state)
    {
        var context = new DefaultHttpContext();
        context.Request.Protocol = protocol;
        if (state is not null)
        {
            context.Features.Set(state);
        }

        return context;
    }

    [Fact]
    public void Of_TwoRequestsOfOneHttp11Connection_ShareOneTry()
    {
        var connection = new ConnectionState();

        var first = ForwardTry.Of(Context("HTTP/1.1", connection));
        var second = ForwardTry.Of(Context("HTTP/1.1", connection));

        Assert.NotNull(first);
        Assert.Same(first, second);
        Assert.NotSame(first, ForwardTry.Of(Context("HTTP/1.1", new ConnectionState())));
    }

    [Theory]
    [InlineData("HTTP/2", true)]
    [InlineData("HTTP/3", true)]
    [InlineData("HTTP/1.1", false)]
    public void Of_OverlappingStreamsOrNoConnectionState_IsNone(string protocol, bool withState)
    {
        Assert.Null(ForwardTry.Of(Context(protocol, withState ? new ConnectionState() : null)));
    }

    [Fact]
    public void Of_TwoRequestsOfOneHttp2Stream_ShareOneTryThatNoOtherStreamHas()
    {
        var stream = new StreamState(1);
        var http2 = Context("HTTP/2", stream);
        http2.Features.Set<IHttp2StreamIdFeature>(stream);
        var other = new StreamState(3);
        var otherContext = Context("HTTP/2", other);
        otherContext.Features.Set<IHttp2StreamIdFeature>(other);

        var first = ForwardTry.Of(http2);

        Assert.NotNull(first);
        Assert.Same(first, ForwardTry.Of(http2));
        Assert.NotSame(first, ForwardTry.Of(otherContext));
    }

    [Fact]
    public void Of_Http2StateNotTheStreamsOwn_IsNone()
    {
        var context = Context("HTTP/2", new ConnectionState());
        context.Features.Set<IHttp2StreamIdFeature>(new StreamState(1));

        Assert.Null(ForwardTry.Of(context));
    }

    [Fact]
    public async Task Forward_ConcurrentHttp2StreamsToAlternatingBackends_EachAnswerFromItsOwnBackend()
    {
        await using var routes = await AlternatingRoutes.StartAsync();
        using var client = routes.Proxy.Client(80, HttpVersion.Version20);

        for (var round = 0; round < 3; round++)
        {
            var answers = await AlternatingRoutes.GetAllAsync(client, 40);

            Assert.All(answers, a => Assert.Equal(HttpVersion.Version20, a.Response.Version));
            Assert.Equal(Enumerable.Range(0, 40).Select(i => i % 2 == 0 ? "v1" : "v2"), answers.Select(a => a.Echo!.Name));
            Assert.Equal(Enumerable.Range(0, 40).Select(i => AlternatingRoutes.Target(i)), answers.Select(a => a.Echo!.Target));
        }
    }

    [Fact]
    public async Task Forward_AlternatingBackendsOnOneKeptAliveConnection_EachAnswerFromItsOwnBackend()
    {
        await using var v1 = await EchoBackend.StartAsync("v1");
        await using var v2 = await EchoBackend.StartAsync("v2");
        await using var proxy = await ProxyHost.StartAsync(ProxyHost.Backends(v1, v2), [80]);
        await proxy.ApplyAsync(Of(Http(80, Host("*", Entry("a", Prefix("/a"), Service("v1")), Entry("b", Prefix("/b"), Service("v2"))))));
        using var client = proxy.Client(80);

        var names = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            names.Add((await Requests.GetAsync(client, i % 2 == 0 ? "/a" : "/b")).Echo!.Name);
        }

        Assert.Equal(["v1", "v2", "v1", "v2", "v1", "v2"], names);
    }
}
