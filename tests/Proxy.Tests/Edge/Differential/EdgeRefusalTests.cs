using GitGateway.Proxy.Tests.Support;
using static GitGateway.Proxy.Tests.Support.Plans;

namespace GitGateway.Proxy.Tests.Edge.Differential;

/// <summary>
/// The corpus cases the differential made the node refuse, run against the node alone, so they stay guarded where
/// nginx is not installed (the differential skips there).
/// </summary>
public sealed class EdgeRefusalTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("CL + TE (CL.TE smuggle)")]
    [InlineData("TE + CL (TE.CL smuggle)")]
    [InlineData("TE 'identity, chunked'")]
    [InlineData("TE 'chunked' twice")]
    [InlineData("TE on HTTP/1.0")]
    [InlineData("chunk size overflow")]
    [InlineData("path with '..'")]
    [InlineData("path with '%2e%2e'")]
    [InlineData("lower-case method")]
    [InlineData("OPTIONS *")]
    public async Task NginxRefusedCase_NodeAlone_Answers400AndForwardsNothing(string name)
    {
        await using var backend = new RecordingBackend(_ => new RawAnswer("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"));
        await using var proxy = await StartAsync(backend);

        var answer = await RawExchange.SendAsync(proxy.LocalPort(80), ClientCorpus.Cases.Single(c => c.Name == name).Bytes, Token);

        Assert.Equal([400], answer.Statuses);
        Assert.Equal(0, backend.Requests);
    }

    [Fact]
    public async Task UpgradeH2c_NodeAlone_ForwardsTheRequestWithoutTheUpgrade()
    {
        await using var backend = new RecordingBackend(_ => new RawAnswer("HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: h2c\r\n\r\n"));
        await using var proxy = await StartAsync(backend);

        var answer = await RawExchange.SendAsync(proxy.LocalPort(80), ClientCorpus.Cases.Single(c => c.Name == "Upgrade: h2c over cleartext").Bytes, Token);

        Assert.DoesNotContain("h2c", Assert.Single(backend.Heads), StringComparison.OrdinalIgnoreCase);
        Assert.Equal([502], answer.Statuses); // a switch the node did not ask for is a bad gateway, never a tunnel
    }

    private static async Task<ProxyHost> StartAsync(RecordingBackend backend)
    {
        var proxy = await ProxyHost.StartAsync(new Dictionary<string, string[]> { ["infra/v1:8080"] = [backend.Authority] }, [80],
            limits: GitGateway.Proxy.Admission.ConnectionLimits.Default with { KeepAliveTimeout = TimeSpan.FromSeconds(1) });
        await proxy.ApplyAsync(Of(Http(80, Host("*", Entry("r", Prefix("/"), Service("v1"))))));
        return proxy;
    }
}
