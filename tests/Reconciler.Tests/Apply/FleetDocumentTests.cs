using System.Text.Json;
using GitGateway.Reconciler.Apply;
using GitGateway.Reconciler.Endpoints;

namespace GitGateway.Reconciler.Tests.Apply;

/// <summary>The control plane's fleet view (<c>GET /v1/fleet?node=</c>), built from the nodes' reports.</summary>
public sealed class FleetDocumentTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 18, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Build_AskingNode_ItsOwnVipsAreLeftOutAndHeldOnesNeverCount()
    {
        NodeStatus[] nodes =
        [
            Node("a", ["vip/only-a"], held: ["vip/held-by-a"], reported: Now),
            Node("b", ["vip/shared", "vip/only-b"], held: [], reported: Now.AddSeconds(-1)),
            Node("c", ["vip/shared"], held: [], reported: Now),
        ];

        Assert.Equal(["vip/only-b", "vip/shared"], Serving(FleetDocument.Build(nodes, "a", Now)));
        Assert.Equal(["vip/only-a", "vip/shared"], Serving(FleetDocument.Build(nodes, "b", Now)));
    }

    [Fact]
    public void Build_NodeSilentLongerThanTheBound_ServesNothing()
    {
        NodeStatus[] nodes =
        [
            Node("b", ["vip/web"], held: [], reported: Now - FleetDocument.StaleAfter - TimeSpan.FromSeconds(1)),
            Node("c", ["vip/api"], held: [], reported: null),
        ];

        Assert.Empty(Serving(FleetDocument.Build(nodes, "a", Now)));
    }

    [Fact]
    public void Bounded_HostileIds_EmptyOverLongAndTooManyAreDropped()
    {
        var ids = new List<string?> { "", null, new string('x', FleetDocument.MaxVipIdLength + 1), "vip/ok", "vip/ok" };
        ids.AddRange(Enumerable.Range(0, FleetDocument.MaxVips + 5).Select(i => $"vip/{i}"));

        var bounded = FleetDocument.Bounded(ids)!;

        Assert.Equal("vip/ok", bounded[0]);
        Assert.True(bounded.Count <= FleetDocument.MaxVips);
        Assert.All(bounded, id => Assert.InRange(id.Length, 1, FleetDocument.MaxVipIdLength));
    }

    private static NodeStatus Node(string name, IReadOnlyList<string> serving, IReadOnlyList<string> held, DateTimeOffset? reported) =>
        new(name, "sha256:x", true, null, true, Now) { ReportedAt = reported, VipServing = serving, VipHeld = held };

    private static string[] Serving(object document)
    {
        using var json = JsonDocument.Parse(JsonSerializer.Serialize(document));
        return [.. json.RootElement.GetProperty("serving").EnumerateArray().Select(e => e.GetString()!)];
    }
}
