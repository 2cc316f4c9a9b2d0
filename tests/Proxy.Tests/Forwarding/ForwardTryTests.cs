using GitGateway.Proxy.Forwarding;
using GitGateway.Proxy.Tests.Support;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;
using static GitGateway.Proxy.Tests.Support.Plans;

namespace GitGateway.Proxy.Tests.Forwarding;

public sealed class ForwardTryTests
{
    private sealed class ConnectionState : IPersistentStateFeature
    {
        public IDictionary<object, object?> State { get; } = new Dictionary<object, object?>();
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
