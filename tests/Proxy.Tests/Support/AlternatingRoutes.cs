using static GitGateway.Proxy.Tests.Support.Plans;

namespace GitGateway.Proxy.Tests.Support;

/// <summary>
/// A node on port 80 with two routes, prefix <c>/a</c> to Service v1 and prefix <c>/b</c> to Service v2 (two echo backends
/// it owns), and requests that alternate between them (every third to <c>/none</c>, which no route matches, when asked).
/// </summary>
internal sealed class AlternatingRoutes : IAsyncDisposable
{
    public const string RouteA = "httproute/infra/a/rule/0/match/0";
    public const string RouteB = "httproute/infra/b/rule/0/match/0";

    private readonly EchoBackend _v1;
    private readonly EchoBackend _v2;

    private AlternatingRoutes(EchoBackend v1, EchoBackend v2, ProxyHost proxy) => (_v1, _v2, Proxy) = (v1, v2, proxy);

    public ProxyHost Proxy { get; }

    public static async Task<AlternatingRoutes> StartAsync()
    {
        var v1 = await EchoBackend.StartAsync("v1");
        var v2 = await EchoBackend.StartAsync("v2");
        var proxy = await ProxyHost.StartAsync(ProxyHost.Backends(v1, v2), [80]);
        await proxy.ApplyAsync(Of(Http(80, Host("*", Entry("a", Prefix("/a"), Service("v1")), Entry("b", Prefix("/b"), Service("v2"))))));
        return new AlternatingRoutes(v1, v2, proxy);
    }

    /// <summary>The <paramref name="i"/>-th request's target: <c>/a</c> and <c>/b</c> in turn, or with <paramref name="unrouted"/> <c>/a</c>, <c>/b</c>, <c>/none</c>.</summary>
    public static string Target(int i, bool unrouted = false) => unrouted ? (i % 3) switch { 0 => "/a", 1 => "/b", _ => "/none" } : i % 2 == 0 ? "/a" : "/b";

    /// <summary>
    /// <paramref name="count"/> requests sent at once (on HTTP/2, concurrent streams of one connection), in the order of
    /// <see cref="Target"/>.
    /// </summary>
    public static Task<(HttpResponseMessage Response, EchoReply? Echo)[]> GetAllAsync(HttpClient client, int count, bool unrouted = false) =>
        Task.WhenAll(Enumerable.Range(0, count).Select(i => Requests.GetAsync(client, Target(i, unrouted))));

    public async ValueTask DisposeAsync()
    {
        await Proxy.DisposeAsync();
        await _v2.DisposeAsync();
        await _v1.DisposeAsync();
    }
}
