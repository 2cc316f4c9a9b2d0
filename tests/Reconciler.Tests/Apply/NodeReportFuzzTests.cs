using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CsCheck;
using GitGateway.Proxy.Tests.Support;
using GitGateway.Reconciler.Endpoints;
using GitGateway.Reconciler.Tests.EndToEnd;

namespace GitGateway.Reconciler.Tests.Apply;

/// <summary>
/// Fuzzing what a node sends the control plane (its long-poll's node name and hash, its report): hostile names,
/// null entries, duplicated or negative route counters, mutated bytes. Each is answered 204 or 400, never 500, and
/// what the control plane keeps is what its readers rely on (the canary bake keys route counters by name): bounded
/// names without control characters, unique non-negative counters, no null entries. Status, fleet and metrics answer
/// after all of it.
/// </summary>
public sealed class NodeReportFuzzTests
{
    private static readonly Gen<string> Names = Gen.OneOf(
        Gen.OneOf("edge-a", "edge-b", "sha256:abc", "", "a\nb", "\u0000", "x\u007f", new string('n', NodeReportIntake.MaxNameLength + 1)),
        Gen.String[Gen.Char[(char)0, (char)0x7f], 0, 24]);

    private static readonly Gen<JsonNode?> Counters = Gen.Frequency(
        (1, Gen.Const((JsonNode?)null)),
        (6, Gen.Select(Names, Gen.Long[-3, 3], Gen.OneOf(0L, 1L, -1L, long.MaxValue), Gen.Long[-1, 1]).Select(t =>
            (JsonNode?)new JsonObject { ["route"] = t.Item1, ["requests"] = t.Item2, ["serverErrors"] = t.Item3, ["connectErrors"] = t.Item4 })),
        (1, Gen.Const(() => (JsonNode?)new JsonObject { ["requests"] = 1 })));

    private static readonly Gen<JsonNode?> Peers = Gen.Frequency(
        (1, Gen.Const((JsonNode?)null)),
        (3, Gen.Select(Names, Gen.Bool).Select(t => (JsonNode?)new JsonObject
        {
            ["peer"] = t.Item2 ? t.Item1 : null,
            ["peerAs"] = 65001,
            ["state"] = t.Item1,
            ["uptimeSeconds"] = 1.5,
            ["advertised"] = new JsonArray(t.Item1, null, "192.0.2.1/32"),
        })));

    private static readonly Gen<string> Reports = Gen.Select(Names, Gen.Bool, Names, Counters.Array[0, 6], Peers.Array[0, 3], Gen.Bool).Select(t =>
    {
        var report = new JsonObject
        {
            ["planHash"] = t.Item2 ? t.Item1 : null,
            ["accepted"] = t.Item6,
            ["error"] = t.Item3,
            ["ready"] = true,
            ["serving"] = t.Item3,
            ["routes"] = new JsonArray(t.Item4),
            ["peers"] = new JsonArray(t.Item5),
            ["vipServing"] = new JsonArray(t.Item1, null),
        };
        return report.ToJsonString();
    });

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Report_HostileReports_204Or400AndKeptStateIsSane()
    {
        using var repo = NodeFleetReportTests.Seed();
        await using var cp = await ControlPlaneFixture.StartAsync(repo, [], Ct);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var seed = """{"planHash":"sha256:h1","accepted":true,"error":null,"ready":true,"serving":"sha256:h1","routes":[{"route":"r1","requests":5,"serverErrors":1,"connectErrors":0}],"peers":[{"peer":"192.0.2.9","peerAs":65001,"state":"Established","uptimeSeconds":1.5,"prefixesAdvertised":1,"prefixesReceived":0,"advertised":["192.0.2.1/32"]}],"vipServing":["vip/web"]}"""u8.ToArray();
        var bodies = Gen.Frequency((3, Reports.Select(Encoding.UTF8.GetBytes)), (1, Mutations.Of([seed])));

        await Gen.Select(Names, bodies).SampleAsync(
            async t =>
            {
                using var response = await SendAsync(http, HttpMethod.Post, new Uri(cp.BaseUri, "v1/nodes/" + Uri.EscapeDataString(t.Item1) + "/report"), t.Item2);

                // A name of '.' or '..' makes another path: 404 or 405 there. Never a 5xx.
                Assert.True(response.StatusCode is HttpStatusCode.NoContent or HttpStatusCode.BadRequest or HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed, $"answered {(int)response.StatusCode}");
            },
            iter: 400,
            threads: 1);

        AssertKeptStateIsSane(cp);
        foreach (var path in new[] { "v1/status", "v1/fleet?node=edge-a", "metrics" })
        {
            using var response = await SendAsync(http, HttpMethod.Get, new Uri(cp.BaseUri, path), null);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }

    [Fact]
    public async Task Poll_HostileNodeOrHash_400AndNothingKept()
    {
        using var repo = NodeFleetReportTests.Seed();
        await using var cp = await ControlPlaneFixture.StartAsync(repo, [], Ct);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };

        foreach (var (node, have) in new[] { ("a\nb", "sha256:x"), (new string('n', 600), "sha256:x"), ("edge-a", new string('h', 600)), ("edge-a", "x\u0001") })
        {
            var uri = new Uri(cp.BaseUri, $"v1/plan?node={Uri.EscapeDataString(node)}&have={Uri.EscapeDataString(have)}&wait=0");
            using var response = await SendAsync(http, HttpMethod.Get, uri, null);

            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        }

        Assert.Empty(cp.Publisher.Nodes);
    }

    [Fact]
    public void Routes_NullsDuplicatesNegativesAndBadNames_Dropped()
    {
        var kept = NodeReportIntake.Routes(
        [
            new("a", 5, 1, 0), null, new("a", 9, 9, 9), new("b", -1, 0, 0), new("", 1, 0, 0), new("c\n", 1, 0, 0), new(null!, 1, 0, 0), new("d", 2, 0, 0),
        ]);

        Assert.Equal([new("a", 5, 1, 0), new("d", 2, 0, 0)], kept!);
    }

    private static void AssertKeptStateIsSane(ControlPlaneFixture cp)
    {
        foreach (var (name, status) in cp.Publisher.Nodes)
        {
            Assert.True(NodeReportIntake.IsName(name), "node name kept: " + JsonSerializer.Serialize(name));
            Assert.True(NodeReportIntake.IsName(status.PlanHash), "plan hash kept: " + JsonSerializer.Serialize(status.PlanHash));
            Assert.True((status.Error?.Length ?? 0) <= NodeReportIntake.MaxErrorLength + 1);
            Assert.All(status.Peers ?? [], p => Assert.NotNull(p));
            var routes = cp.Publisher.Routes(name);
            Assert.All(routes, r => Assert.True(NodeReportIntake.IsName(r.Route) && r.Requests >= 0 && r.ServerErrors >= 0 && r.ConnectErrors >= 0));
            Assert.Equal(routes.Count, routes.Select(r => r.Route).Distinct(StringComparer.Ordinal).Count());
        }
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient http, HttpMethod method, Uri uri, byte[]? body)
    {
        using var request = new HttpRequestMessage(method, uri);
        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ControlPlaneFixture.NodeToken);
        return await http.SendAsync(request, Ct);
    }
}
