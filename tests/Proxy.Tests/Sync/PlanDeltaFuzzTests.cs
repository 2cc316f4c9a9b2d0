using System.Text.Json;
using System.Text.Json.Nodes;
using CsCheck;
using GitGateway.Plan.Delta;
using GitGateway.Plan.Model;
using GitGateway.Plan.Serialization;
using GitGateway.Proxy.Tests.Support;
using static GitGateway.Proxy.Tests.Support.Plans;

namespace GitGateway.Proxy.Tests.Sync;

/// <summary>
/// Fuzzing the node's delta intake (a long-poll answer is network bytes): a mutated or made-up delta is either
/// rebuilt into the plan whose canonical bytes it names, or refused with a <see cref="JsonException"/> or a
/// <see cref="PlanDeltaException"/>, the two refusals after which the node asks for the whole plan. Never another
/// exception.
/// </summary>
public sealed class PlanDeltaFuzzTests
{
    private static readonly RoutingPlan Base = Of(
        Http(80,
            Host("a.test", Entry("api", Prefix("/api"), Service("v1")), Entry("x", Exact("/x"), Service("v1", weight: 2), Service("v2", weight: 1))),
            Host("*.b.test", Entry("re", Regex("/re/[a-z]+"), Service("v1")))),
        Http(8080, Host("c.test", Entry("c", Prefix("/"), Service("v2")))));

    private static readonly string BaseHash = PlanJson.Hash(Base);

    private static readonly byte[][] Seeds =
    [
        Delta(Base with { Listeners = [Base.Listeners[0] with { VirtualHosts = [.. Base.Listeners[0].VirtualHosts.Items.Add(Host("d.test", Entry("d", Exact("/d"), Service("v1"))))] }, Base.Listeners[1]] }),
        Delta(Base with { Source = "other", Listeners = [Base.Listeners[1], Base.Listeners[0]] }),
        Delta(Base with { Listeners = [Base.Listeners[0] with { VirtualHosts = [Base.Listeners[0].VirtualHosts[0] with { Routes = [.. Base.Listeners[0].VirtualHosts[0].Routes.Items.RemoveAt(0)] }] }] }),
    ];

    [Fact]
    public void Apply_MutatedDeltaBytes_PlanOrTypedRefusalOnly() =>
        // A block, not an expression lambda: Sample would take a bool result as the property to hold.
        Mutations.Of(Seeds).Sample(bytes => { _ = Rebuild(bytes); }, iter: Mutations.Iterations(20_000));

    [Fact]
    public void Apply_DeltasWithAFieldRemovedNulledOrOutOfRange_PlanOrTypedRefusalOnly() =>
        Gen.Select(Gen.Int[0, Seeds.Length - 1], Gen.Int[0, 1_000], Gen.Int[0, 5]).Sample(
            t => { _ = Rebuild(Structural(Seeds[t.Item1], t.Item2, t.Item3)); },
            iter: Mutations.Iterations(5_000));

    /// <summary>Found by the fuzzer: a null listener, host, span or sent entry threw NullReferenceException.</summary>
    [Theory]
    [InlineData("listeners", -1, -1)]
    [InlineData("virtualHosts", 0, -1)]
    [InlineData("spans", 0, 0)]
    public void Apply_NullPartOfTheDelta_IsAPlanDeltaException(string nulled, int host, int span)
    {
        var json = JsonNode.Parse(Seeds[0])!;
        var listeners = json["listeners"]!.AsArray();
        var array = nulled switch
        {
            "listeners" => listeners,
            "virtualHosts" => listeners[0]!["virtualHosts"]!.AsArray(),
            _ => listeners[0]!["virtualHosts"]![host]!["spans"]!.AsArray(),
        };
        array[Math.Max(span, 0)] = null;
        var delta = PlanDeltaJson.Parse(JsonSerializer.SerializeToUtf8Bytes(json));

        Assert.Throws<PlanDeltaException>(() => PlanDeltaApplier.Apply(Base, BaseHash, delta));
    }

    [Fact]
    public void Apply_UnchangedSeeds_RebuildTheirPlans()
    {
        foreach (var seed in Seeds)
        {
            var (plan, bytes) = PlanDeltaApplier.Apply(Base, BaseHash, PlanDeltaJson.Parse(seed));

            Assert.Equal(PlanJson.ToCanonicalBytes(plan), bytes);
        }
    }

    /// <summary>Parses and applies: true when rebuilt (its bytes must be the plan's canonical bytes), false when refused.</summary>
    private static bool Rebuild(byte[] bytes)
    {
        try
        {
            var (plan, canonical) = PlanDeltaApplier.Apply(Base, BaseHash, PlanDeltaJson.Parse(bytes));
            Assert.Equal(PlanJson.ToCanonicalBytes(plan), canonical);
            return true;
        }
        catch (Exception e) when (e is JsonException or PlanDeltaException)
        {
            // The two refusals after which the node asks for the whole plan.
            return false;
        }
    }

    /// <summary>The <paramref name="pick"/>th value of the delta's JSON tree (wrapping) removed, nulled or set to a boundary number.</summary>
    private static byte[] Structural(byte[] seed, int pick, int how)
    {
        var root = JsonNode.Parse(seed)!;
        var all = new List<JsonNode>();
        Walk(root, all);
        var node = all[pick % all.Count];
        var parent = node.Parent;
        JsonNode? replacement = how switch
        {
            0 => null,
            1 => JsonValue.Create(-1),
            2 => JsonValue.Create(int.MaxValue),
            3 => JsonValue.Create(""),
            4 => new JsonArray(),
            _ => new JsonObject(),
        };
        switch (parent)
        {
            case JsonObject o when how == 0 && pick % 2 == 0:
                o.Remove(node.GetPropertyName());
                break;
            case JsonObject o:
                o[node.GetPropertyName()] = replacement;
                break;
            case JsonArray a:
                a[node.GetElementIndex()] = replacement;
                break;
        }

        return JsonSerializer.SerializeToUtf8Bytes(root);
    }

    private static void Walk(JsonNode? node, List<JsonNode> all)
    {
        if (node is null)
        {
            return;
        }

        if (node.Parent is not null)
        {
            all.Add(node);
        }

        IEnumerable<JsonNode?> children = node switch
        {
            JsonObject o => o.Select(p => p.Value),
            JsonArray a => a,
            _ => [],
        };
        foreach (var child in children)
        {
            Walk(child, all);
        }
    }

    private static byte[] Delta(RoutingPlan next) =>
        PlanDeltaJson.ToBytes(PlanDeltaBuilder.Build(Base, BaseHash, next, PlanJson.Hash(next)));
}
