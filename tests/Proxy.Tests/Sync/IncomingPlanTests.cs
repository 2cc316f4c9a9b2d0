using System.Text;
using GitGateway.Plan.Serialization;
using GitGateway.Proxy.Sync;
using GitGateway.Proxy.Tests.Support;
using static GitGateway.Proxy.Tests.Support.Plans;

namespace GitGateway.Proxy.Tests.Sync;

/// <summary>
/// A plan that comes with the bytes it was read from and their hash is named and kept by those, without the node
/// serialising it again; the hash it reports is always of the bytes of the plan it compiled.
/// </summary>
public sealed class IncomingPlanTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Apply_BytesThatHashToTheClaim_ReportsThatHashAndKeepsThoseBytes()
    {
        await using var proxy = await ProxyHost.StartAsync(new Dictionary<string, string[]>(), [80]);
        var plan = Of(Http(80, Host("*", Entry("r", Prefix("/"), Service("v1")))));

        // Not the canonical form: serialising the plan again would give other bytes and another hash.
        var bytes = Encoding.UTF8.GetBytes(PlanJson.ToIndentedString(plan));
        var hash = PlanJson.HashOf(bytes)!;
        Assert.NotEqual(PlanJson.Hash(plan), hash);

        var report = await proxy.Node.ApplyAsync(IncomingPlan.Received(PlanJson.Parse(bytes), bytes, hash), Token);

        Assert.True(report.Accepted, report.Error);
        Assert.Equal(hash, report.PlanHash);
        Assert.Equal(hash, proxy.Node.Tables.Current.Hash);
        Assert.Equal(bytes, await File.ReadAllBytesAsync(Path.Combine(proxy.Directory, "state", "last-good-plan.json"), Token));
    }

    [Fact]
    public async Task Apply_ClaimNotTheHashOfTheBytes_ReportsTheHashOfThePlanItCompiled()
    {
        await using var proxy = await ProxyHost.StartAsync(new Dictionary<string, string[]>(), [80]);
        var plan = Of(Http(80, Host("*", Entry("r", Prefix("/"), Service("v1")))));
        var other = Of(Http(80, Host("*", Entry("other", Prefix("/"), Service("v1")))));
        var bytes = PlanJson.ToCanonicalBytes(plan);

        var report = await proxy.Node.ApplyAsync(IncomingPlan.Received(PlanJson.Parse(bytes), bytes, PlanJson.Hash(other)), Token);

        Assert.True(report.Accepted, report.Error);
        Assert.Equal(PlanJson.Hash(plan), report.PlanHash);
    }

    [Fact]
    public void Received_BytesThatDoNotHashToTheClaim_KeepsNoBytes()
    {
        var plan = Of(Http(80, Host("*", Entry("r", Prefix("/"), Service("v1")))));
        var bytes = PlanJson.ToCanonicalBytes(plan);

        var kept = IncomingPlan.Received(plan, bytes, PlanJson.Hash(plan));
        var refused = IncomingPlan.Received(plan, bytes, "sha256:" + new string('0', 64));
        var unnamed = IncomingPlan.Received(plan, bytes, null);

        Assert.Same(bytes, kept.Canonical);
        Assert.Equal(PlanJson.Hash(plan), kept.Hash);
        Assert.Null(refused.Canonical);
        Assert.Null(refused.Hash);
        Assert.Null(unnamed.Hash);
    }
}
