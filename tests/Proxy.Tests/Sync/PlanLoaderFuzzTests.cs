using System.Text;
using System.Text.Json;
using CsCheck;
using GitGateway.Plan.Model;
using GitGateway.Plan.Serialization;
using GitGateway.Proxy.Sync;
using GitGateway.Proxy.Tests.Support;
using static GitGateway.Proxy.Tests.Support.Plans;

namespace GitGateway.Proxy.Tests.Sync;

/// <summary>
/// Fuzzing the plan loader: mutated plan files (PlanJson and the render output that wraps it) and made-up bytes are
/// either a plan or a JsonException (the typed refusal the file source logs and skips), never another exception;
/// a plan that parses is applied to a real node, which takes it or refuses it and keeps serving its last good plan.
/// </summary>
public sealed class PlanLoaderFuzzTests
{
    private static readonly RoutingPlan Good = Of(Http(80,
        Host("a.test", Entry("api", Prefix("/api"), Service("v1")), Entry("x", Exact("/x"), Service("v1", weight: 2), Service("v2", weight: 1))),
        Host("*.b.test", Entry("re", Regex("/re/[a-z]+"), Service("v1")))));

    private static readonly byte[][] Seeds =
    [
        PlanJson.ToCanonicalBytes(Good),
        Encoding.UTF8.GetBytes(PlanJson.ToIndentedString(Good)),
        Encoding.UTF8.GetBytes($"{{\"plan\":{Encoding.UTF8.GetString(PlanJson.ToCanonicalBytes(Good))},\"status\":[]}}"),
    ];

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public void Parse_MutatedPlanFiles_PlanOrJsonExceptionOnly() =>
        Mutations.Of(Seeds).Sample(bytes => _ = TryLoad(bytes), iter: Mutations.Iterations(20_000));

    /// <summary>Found by the fuzzer: invalid UTF-8 inside a string of a render output threw InvalidOperationException.</summary>
    [Fact]
    public void Parse_RenderOutputWithInvalidUtf8InAString_IsAJsonException()
    {
        var bytes = Seeds[2].ToList();
        bytes.Insert(Encoding.UTF8.GetString(Seeds[2]).IndexOf("a.test", StringComparison.Ordinal), 0xC2);

        Assert.ThrowsAny<JsonException>(() => FilePlanSource.Parse([.. bytes]));
    }

    /// <summary>Found by the fuzzer: a route without its match parsed (as null) and the validator threw on it.</summary>
    [Fact]
    public async Task Apply_PlanMissingARouteMatch_RefusedAndLastGoodKeepsServing()
    {
        await using var v1 = await EchoBackend.StartAsync("v1");
        await using var proxy = await ProxyHost.StartAsync(ProxyHost.Backends(v1), [80]);
        await proxy.ApplyAsync(Good);
        var json = System.Text.Json.Nodes.JsonNode.Parse(Seeds[0])!;
        json["listeners"]![0]!["virtualHosts"]![0]!["routes"]![0]!.AsObject().Remove("match");
        var plan = FilePlanSource.Parse(Encoding.UTF8.GetBytes(json.ToJsonString()));

        var report = await proxy.Node.ApplyAsync(plan, Token);

        Assert.False(report.Accepted);
        Assert.Contains("missing", report.Error, StringComparison.Ordinal);
        Assert.Equal(PlanJson.Hash(Good), proxy.Node.Tables.Current.Hash);
    }

    [Fact]
    public async Task Apply_MutatedPlansThatParse_AcceptedOrRefusedAndLastGoodKeepsServing()
    {
        await using var v1 = await EchoBackend.StartAsync("v1");
        await using var v2 = await EchoBackend.StartAsync("v2");
        await using var proxy = await ProxyHost.StartAsync(ProxyHost.Backends(v1, v2), [80]);
        await proxy.ApplyAsync(Good);
        var (parsed, accepted, refused) = (0, 0, 0);

        await Mutations.Of(Seeds).SampleAsync(
            async bytes =>
            {
                // Only plans on the mapped port reach the node: a mutated port would bind a real one on this machine.
                if (TryLoad(bytes) is not { } plan || plan.Listeners.Any(l => l.Port != 80))
                {
                    return;
                }

                parsed++;
                var before = proxy.Node.Tables.Current.Hash;
                var report = await proxy.Node.ApplyAsync(plan, Token);
                Assert.Equal(report.Accepted ? PlanJson.Hash(plan) : before, proxy.Node.Tables.Current.Hash);
                Assert.True(report.Accepted || !string.IsNullOrEmpty(report.Error));
                _ = report.Accepted ? accepted++ : refused++;
            },
            iter: Mutations.Iterations(1_500),
            threads: 1);

        // Mutations reach the node (some seeds give no refusal among ~200 parsed plans, so refusal keeping the last
        // good plan is proven by Apply_PlanMissingARouteMatch_RefusedAndLastGoodKeepsServing, not left to chance).
        Assert.True(accepted > 0, $"parsed {parsed}, accepted {accepted}, refused {refused}: no mutated plan reached the node");
        await proxy.ApplyAsync(Good);
        using var client = proxy.Client(80);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await Requests.GetAsync(client, "/api/x", "a.test")).Response.StatusCode);
    }

    /// <summary>The loader's answer: a plan, or null for the JsonException it refuses with; anything else fails the test.</summary>
    private static RoutingPlan? TryLoad(byte[] bytes)
    {
        try
        {
            return FilePlanSource.Parse(bytes);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
