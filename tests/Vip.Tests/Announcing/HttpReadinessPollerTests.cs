using GitGateway.Vip.Announcing;
using GitGateway.Vip.Tests.Peers;
using Microsoft.Extensions.Logging.Abstractions;

namespace GitGateway.Vip.Tests.Announcing;

/// <summary>
/// The announcer reads at most <see cref="HttpReadinessPoller.MaxBody"/> of the local proxy's readiness answer: a
/// larger one (announced by Content-Length, or a body that just goes on) is not ready, the same answer within the
/// limit is read.
/// </summary>
public sealed class HttpReadinessPollerTests
{
    private const string Ready = """{"ready":true,"planHash":"sha256:abc","ports":[80]}""";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Probe_AnswerLargerThanLimit_NotReady(bool withoutLength)
    {
        using var proxy = new ReadyzServer();
        proxy.Set(Ready + new string(' ', HttpReadinessPoller.MaxBody), withoutLength: withoutLength);

        var readiness = await Probe(proxy);

        Assert.Equal(ProxyReadiness.NotReady, readiness);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Probe_AnswerWithinLimit_ReadyWithItsPlanAndPorts(bool withoutLength)
    {
        using var proxy = new ReadyzServer();
        proxy.Set(Ready + new string(' ', HttpReadinessPoller.MaxBody - Ready.Length), withoutLength: withoutLength);

        var readiness = await Probe(proxy);

        Assert.True(readiness.Ready);
        Assert.Equal("sha256:abc", readiness.PlanHash);
        Assert.Equal([80], readiness.BoundPorts!);
    }

    private static async Task<ProxyReadiness> Probe(ReadyzServer proxy)
    {
        using var http = new HttpClient();
        var poller = new HttpReadinessPoller(http, proxy.Url, new ProxyReadinessSource(ProxyReadiness.NotReady), TimeSpan.FromSeconds(1), TimeProvider.System, NullLogger<HttpReadinessPoller>.Instance);
        return await poller.ProbeAsync(Ct);
    }
}
