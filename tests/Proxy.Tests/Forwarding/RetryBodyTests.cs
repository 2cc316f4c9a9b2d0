using System.Net;
using GitGateway.Plan.Model;
using GitGateway.Proxy.Tests.Support;
using static GitGateway.Proxy.Tests.Support.Plans;

namespace GitGateway.Proxy.Tests.Forwarding;

public sealed class RetryBodyTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    /// <summary>A node retrying 503 twice in front of an echo, over HTTP/1.1 or h2c (which sends bodies duplex).</summary>
    private static async Task<(EchoServerScope Scope, HttpClient Client)> StartAsync(bool h2c = false)
    {
        var echo = await BodyEchoes.StartAsync("v1");
        var proxy = await ProxyHost.StartAsync(BodyEchoes.Backends(("v1", h2c ? echo.Ports.H2c : echo.Ports.Http)), [80]);
        var backend = Service("v1", appProtocol: h2c ? "kubernetes.io/h2c" : null);
        var entry = Entry("r", Prefix("/"), backend) with { Retry = new RetryPolicy(2, [503], false, 0, null) };
        await proxy.ApplyAsync(Of(Http(80, Host("*", entry))));
        return (new EchoServerScope(echo, proxy), proxy.Client(80));
    }

    [Theory]
    [InlineData(true, false)]
    [InlineData(false, false)]
    [InlineData(true, true)]
    [InlineData(false, true)]
    public async Task Retry_PostWithTenKibBodyOn503_FinalTrySeesTheWholeBody(bool knownLength, bool h2c)
    {
        var (scope, client) = await StartAsync(h2c);
        await using var _ = scope;
        using var __ = client;
        var body = BodyEchoes.RandomBody(10 * 1024);
        const string target = "/retry/post?uuid=ten-kib&succeedAfter=2&responseCode=503";

        using var response = await client.PostAsync(target, BodyEchoes.Content(body, knownLength), Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode); // two 503s, then the third try was echoed
        var echoed = Assert.Single(scope.Echo.Events);
        Assert.Equal(target, echoed.RequestUri);
        Assert.Equal(body.Length, echoed.BodyLength);
        Assert.Equal(BodyEchoes.Sha256(body), echoed.BodySha256);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Retry_PostWithBodyAboveTheBound_IsSentOnceWithoutRetry(bool knownLength)
    {
        var (scope, client) = await StartAsync();
        await using var _ = scope;
        using var __ = client;
        var body = BodyEchoes.RandomBody(100 * 1024);

        using var response = await client.PostAsync("/retry/post?uuid=big&succeedAfter=1&responseCode=503", BodyEchoes.Content(body, knownLength), Token);

        if (!knownLength && response.StatusCode == HttpStatusCode.OK)
        {
            // A chunked body stays replayable while what was read of it is within the bound: the echo answered 503
            // before reading it, so the second try may legitimately replay the recording and read on. Then it
            // must carry the whole body, never a truncated one.
            var echoed = Assert.Single(scope.Echo.Events);
            Assert.Equal(BodyEchoes.Sha256(body), echoed.BodySha256);
            return;
        }

        // A second try would have been echoed with 200: the 503 of the first is what the client gets.
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Empty(scope.Echo.Events);
    }

    private sealed class EchoServerScope(GitGateway.Fixtures.Echo.EchoServer echo, ProxyHost proxy) : IAsyncDisposable
    {
        public GitGateway.Fixtures.Echo.EchoServer Echo { get; } = echo;

        public async ValueTask DisposeAsync()
        {
            await proxy.DisposeAsync();
            await Echo.DisposeAsync();
        }
    }
}
