using System.Text;
using System.Text.Json;
using CsCheck;
using GitGateway.Fixtures;
using GitGateway.Plan.Delta;
using GitGateway.Plan.Model;
using GitGateway.Plan.Serialization;
using GitGateway.Proxy.Tests.Support;
using static GitGateway.Plan.Tests.Serialization.ReferencePlanJson;

namespace GitGateway.Plan.Tests.Serialization;

/// <summary>
/// The plan's hand-written reader and writer (<see cref="PlanJson"/>, <see cref="PlanDeltaJson"/>) against System.Text.Json's
/// reflection serializer (<see cref="ReferencePlanJson"/>): the same plan and the same bytes from every plan the renderer's
/// tests produce and from a plan and a delta with every member set, and under fuzzing the same plan or, where the
/// serializer refuses the bytes, a <see cref="PlanJsonException"/>; every plan read is written to the serializer's bytes.
/// </summary>
public sealed class PlanReaderTests
{
    private static readonly Lazy<IReadOnlyList<(string Name, byte[] Plan)>> Rendered = new(RenderedPlans);

    private static readonly string[] Replacements =
    [
        "null", "0", "-1", "1", "2147483647", "2147483648", "-2147483649", "4294967296", "1.5", "1e2", "01", "true", "false", "\"\"", "\"x\"",
        "\"Exact\"", "\"exact\"", "\"RegularExpression\"", "\"1\"", "\"HTTP,TLS\"", "[]", "{}", "[null]", "[{}]", "[1]", "[\"a\"]", "\"\\ud800\"",
        "\"a\\u0000b\"", "{\"a\":[]}",
    ];

    [Fact]
    public void ReadAndWrite_EveryPlanTheRendererTestsProduce_SamePlanAndBytesAsTheSerializer()
    {
        Assert.True(Rendered.Value.Count >= 50, $"only {Rendered.Value.Count} rendered plans found");
        foreach (var (name, plan) in Rendered.Value)
        {
            var expected = Parse<RoutingPlan>(plan);
            var actual = PlanJson.Parse(plan);

            Assert.True(expected == actual, name);
            Assert.Equal(Text(ToCanonicalBytes(expected)), Text(PlanJson.ToCanonicalBytes(actual)));
            Assert.Equal(ToIndentedString(expected), PlanJson.ToIndentedString(actual));
            Assert.Equal(Hash(expected), PlanJson.Hash(actual));
            Assert.Equal(Hash(expected), PlanJson.ToCanonicalBytesWithHash(actual).Hash);
        }
    }

    [Fact]
    public void Read_RenderedPlansIndentedAndWithUnknownMembers_SamePlanAsTheSerializer()
    {
        foreach (var (name, plan) in Rendered.Value)
        {
            var indented = Encoding.UTF8.GetBytes(ToIndentedString(Parse<RoutingPlan>(plan)));
            var extra = Encoding.UTF8.GetBytes(Text(plan).Replace("\"id\":", "\"later\":{\"id\":[1,{}]},\"id\":", StringComparison.Ordinal));

            Assert.True(AssertSameAsSerializer(indented), name);
            Assert.True(AssertSameAsSerializer(extra), name);
            Assert.True(PlanJson.Parse(extra) == Parse<RoutingPlan>(plan), name);
        }
    }

    /// <summary>
    /// A plan with every member of every record set: a member added to a record, or a constructor parameter the reader or
    /// the writer does not know, makes the bytes or the plan read back differ from the serializer's.
    /// </summary>
    [Fact]
    public void ReadAndWrite_PlanWithEveryMemberSet_SameBytesHashAndPlanAsTheSerializer()
    {
        var plan = EveryMemberSample.Of<RoutingPlan>();

        Assert.Equal(Text(ToCanonicalBytes(plan)), Text(PlanJson.ToCanonicalBytes(plan)));
        Assert.Equal(ToIndentedString(plan), PlanJson.ToIndentedString(plan));
        Assert.Equal(Hash(plan), PlanJson.Hash(plan));
        Assert.True(PlanJson.Parse(ToCanonicalBytes(plan)) == plan);
        Assert.True(PlanJson.Parse(Encoding.UTF8.GetBytes(ToIndentedString(plan))) == plan);
    }

    [Fact]
    public void ReadAndWrite_DeltaWithEveryMemberSet_SameBytesAndDeltaAsTheSerializer()
    {
        var delta = EveryMemberSample.Of<PlanDelta>();

        Assert.Equal(Text(ToCanonicalBytes(delta)), Text(PlanDeltaJson.ToBytes(delta)));
        Assert.True(PlanDeltaJson.Parse(ToCanonicalBytes(delta)) == delta);
        Assert.True(PlanDeltaJson.Parse(ToCanonicalBytes(delta with { VipPools = null })) == delta with { VipPools = null });
    }

    [Fact]
    public void Write_NullsWhereTheRecordsDoNotAllowThem_SameBytesAsTheSerializer()
    {
        var every = EveryMemberSample.Of<RoutingPlan>();
        var listener = every.Listeners[0];
        RoutingPlan[] plans =
        [
            every with { Source = null!, Listeners = [null!, listener with { Id = null!, Gateway = null!, Source = null! }] },
            every with { Vips = [null!, every.Vips[0] with { Addresses = [null!, "a"], Source = null! }], VipPools = [null!] },
            every with { Listeners = [listener with { VirtualHosts = [listener.VirtualHosts[0] with { Routes = [null!, listener.VirtualHosts[0].Routes[0] with { Match = null!, Route = null! }] }] }] },
        ];
        foreach (var plan in plans)
        {
            Assert.Equal(Text(ToCanonicalBytes(plan)), Text(PlanJson.ToCanonicalBytes(plan)));
            Assert.Equal(Hash(plan), PlanJson.Hash(plan));
        }
    }

    [Fact]
    public void Read_NullsMissingMembersAndWrongKinds_AsTheSerializer()
    {
        string[] cases =
        [
            "null", "", " ", "[]", "{}", "{} {}", "{}x", "{\"listeners\":null,\"vips\":null,\"vipPools\":null}",
            "{\"schemaVersion\":null}", "{\"listeners\":[null]}", "{\"listeners\":[{\"port\":null}]}", "{\"listeners\":[{\"gateway\":null}]}",
            "{\"listeners\":[{\"hostname\":null,\"tls\":null,\"protocol\":\"tcp\"}]}", "{\"listeners\":[{\"protocol\":1}]}",
            "{\"listeners\":[{\"virtualHosts\":[{\"routes\":[{\"match\":{\"path\":{\"type\":\"Exact\"},\"headers\":[null]}}]}]}]}",
            "{\"listeners\":[{\"virtualHosts\":[{\"routes\":[{\"id\":\"a\",\"id\":\"b\",\"policies\":[{\"enforced\":1}]}]}]}]}",
            "{\"listeners\":[{\"virtualHosts\":[{\"routes\":[{\"backends\":[{\"port\":1.0,\"filters\":[]}]}]}]}]}",
            "{\"\\u0073ource\":\"escaped name\"}", "{\"source\":\"\\ud800\"}", "{\"vips\":[],\"vipPools\":[]}",
            "{\"vips\":[{\"ports\":[null]}]}", "{\"vips\":[{\"ports\":[1,\"2\"]}]}", "{\"vips\":[{\"addresses\":[null,1]}]}",
            "{\"vips\":[{\"bgp\":{\"localAs\":-1}}]}", "{\"vips\":[{\"bgp\":{\"localAs\":4294967295,\"med\":null,\"peers\":[{\"maxPrefixes\":null}]}}]}",
            "{\"listeners\":[{\"tls\":{\"mode\":\"Passthrough\",\"certificateRefs\":[null],\"clientValidation\":null}}]}",
            "{\"listeners\":[{\"virtualHosts\":[{\"routes\":[{\"timeouts\":{\"requestMs\":1e3}}]}]}]}",
            "{\"listeners\":[{\"virtualHosts\":[{\"routes\":[{\"retry\":{\"codes\":null,\"backoffMs\":9223372036854775807}}]}]}]}",
            "{\"listeners\":[{\"virtualHosts\":[{\"routes\":[{\"filters\":[{\"type\":\"URLRewrite\",\"requestMirror\":{\"backend\":null}}]}]}]}]}",
            "{\"listeners\":[{\"l4Routes\":[{\"hostnames\":null,\"backends\":[null]}]}]}",
        ];
        foreach (var json in cases)
        {
            _ = AssertSameAsSerializer(Encoding.UTF8.GetBytes(json));
        }
    }

    [Fact]
    public void Read_ValuesOfRenderedPlansReplaced_SameAsTheSerializer()
    {
        var seeds = FuzzSeeds();
        var tokens = seeds.Select(ValueTokens).ToArray();
        var edit = Gen.Select(Gen.Int[0, seeds.Count - 1], Gen.Double[0, 1], Gen.Int[0, Replacements.Length - 1]);

        var (read, refused) = (0, 0);

        edit.Array[1, 3].Sample(
            edits =>
            {
                var parsed = AssertSameAsSerializer(Replace(seeds, tokens, edits));
                Interlocked.Increment(ref parsed ? ref read : ref refused);
            },
            iter: Mutations.Iterations(3_000));

        // Both outcomes were compared, not only refusals.
        Assert.True(read > 100 && refused > 100, $"{read} read, {refused} refused");
    }

    [Fact]
    public void Read_MutatedPlanBytes_SameAsTheSerializer() =>
        Mutations.Of(FuzzSeeds()).Sample(bytes => { _ = AssertSameAsSerializer(bytes); }, iter: Mutations.Iterations(10_000));

    [Fact]
    public void Read_MutatedDeltaBytes_SameAsTheSerializer()
    {
        var delta = EveryMemberSample.Of<PlanDelta>();
        byte[][] seeds = [ToCanonicalBytes(delta), ToCanonicalBytes(delta with { VipPools = null, Vips = [] })];

        Mutations.Of(seeds).Sample(bytes => AssertSameDelta(bytes), iter: Mutations.Iterations(10_000));
    }

    private static void AssertSameDelta(byte[] bytes)
    {
        var (expected, refused) = Outcome(() => Parse<PlanDelta>(bytes));
        var (actual, failure) = Outcome(() => PlanDeltaJson.Parse(bytes));
        if (refused is not null)
        {
            Assert.True(failure is PlanJsonException, $"serializer: {refused.Message}; reader: {failure?.ToString() ?? "a delta"}; input: {Text(bytes)}");
            return;
        }

        Assert.True(failure is null && expected == actual, $"reader: {failure?.ToString() ?? "another delta"}; input: {Text(bytes)}");
        Assert.Equal(Text(ToCanonicalBytes(expected)), Text(PlanDeltaJson.ToBytes(actual!)));
    }

    private static bool AssertSameAsSerializer(byte[] bytes)
    {
        var (expected, refused) = Outcome(() => Parse<RoutingPlan>(bytes));
        var (actual, failure) = Outcome(() => PlanJson.Parse(bytes));
        if (refused is not null)
        {
            // The reader refuses what the serializer refuses, always as the one typed exception its callers handle.
            Assert.True(failure is PlanJsonException, $"serializer: {refused.GetType().Name} {refused.Message}; reader: {failure?.ToString() ?? "a plan"}; input: {Text(bytes)}");
            return false;
        }

        Assert.True(failure is null && expected == actual, $"reader: {failure?.ToString() ?? "another plan"}; input: {Text(bytes)}");
        AssertWrittenAsSerializer(actual!);
        return true;
    }

    /// <summary>The plan's canonical bytes and hash are the serializer's, byte for byte.</summary>
    private static void AssertWrittenAsSerializer(RoutingPlan plan)
    {
        var (bytes, hash) = PlanJson.ToCanonicalBytesWithHash(plan);

        Assert.Equal(Text(ToCanonicalBytes(plan)), Text(bytes));
        Assert.Equal(Hash(plan), hash);
        Assert.Equal(Hash(plan), PlanJson.Hash(plan));
    }

    /// <summary>A plan with every member set, a small plan indented, and three rendered plans.</summary>
    private static List<byte[]> FuzzSeeds()
    {
        var rich = Rendered.Value.OrderByDescending(r => CountMembers(r.Plan)).Take(3).Select(r => r.Plan);
        var every = EveryMemberSample.Of<RoutingPlan>();
        return [.. rich, ToCanonicalBytes(every), Encoding.UTF8.GetBytes(ToIndentedString(SamplePlans.Store()))];
    }

    private static int CountMembers(byte[] plan) => Text(plan).Split("\":").Length;

    private static byte[] Replace(List<byte[]> seeds, (int Start, int End)[][] tokens, (int Seed, double At, int With)[] edits)
    {
        var bytes = seeds[edits[0].Seed].ToList();
        var spans = tokens[edits[0].Seed];
        foreach (var (_, at, with) in edits.OrderByDescending(e => e.At))
        {
            var (start, end) = spans[(int)(at * (spans.Length - 1))];
            bytes.RemoveRange(start, end - start);
            bytes.InsertRange(start, Encoding.UTF8.GetBytes(Replacements[with]));
            spans = [.. spans.Where(s => s.End <= start)];
            if (spans.Length == 0)
            {
                break;
            }
        }

        return [.. bytes];
    }

    /// <summary>Where each value of the plan lies (scalars, and whole objects and arrays), in bytes.</summary>
    private static (int Start, int End)[] ValueTokens(byte[] plan)
    {
        var spans = new List<(int, int)>();
        var reader = new Utf8JsonReader(plan);
        while (reader.Read())
        {
            if (reader.TokenType is JsonTokenType.PropertyName or JsonTokenType.EndObject or JsonTokenType.EndArray)
            {
                continue;
            }

            var start = (int)reader.TokenStartIndex;
            var copy = reader;
            copy.Skip();
            spans.Add((start, (int)copy.BytesConsumed));
        }

        return [.. spans];
    }

    private static List<(string, byte[])> RenderedPlans()
    {
        var plans = new List<(string, byte[])>();
        foreach (var file in Directory.GetFiles(Path.Combine(RepoPaths.Root, "tests", "Renderer.Tests", "testdata"), "*.out.json").Order(StringComparer.Ordinal))
        {
            using var output = JsonDocument.Parse(File.ReadAllBytes(file));
            if (output.RootElement.ValueKind == JsonValueKind.Object && output.RootElement.TryGetProperty("plan", out var plan) && plan.ValueKind == JsonValueKind.Object)
            {
                plans.Add((Path.GetFileName(file), Encoding.UTF8.GetBytes(plan.GetRawText())));
            }
        }

        return plans;
    }
}
