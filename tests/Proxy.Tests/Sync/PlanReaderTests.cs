using System.Text;
using System.Text.Json;
using CsCheck;
using GitGateway.Fixtures;
using GitGateway.Plan;
using GitGateway.Plan.Model;
using GitGateway.Plan.Serialization;
using GitGateway.Proxy.Sync;
using GitGateway.Proxy.Tests.Support;

namespace GitGateway.Proxy.Tests.Sync;

/// <summary>
/// The node's hand-written plan reader and writer against System.Text.Json (<see cref="PlanJson.Parse(ReadOnlySpan{byte})"/>,
/// <see cref="PlanJson.ToCanonicalBytesWithHash"/>): the same plan from every plan the renderer's tests produce, and under
/// fuzzing the same plan or, where the serializer refuses the bytes, a <see cref="JsonException"/>; every plan read is
/// written to the serializer's canonical bytes and hash (or refused as the serializer refuses it).
/// </summary>
public sealed class PlanReaderTests
{
    private static readonly Lazy<IReadOnlyList<(string Name, byte[] Plan)>> Rendered = new(RenderedPlans);

    private static readonly string[] Replacements =
    [
        "null", "0", "-1", "1", "2147483647", "2147483648", "-2147483649", "1.5", "1e2", "01", "true", "false", "\"\"", "\"x\"",
        "\"Exact\"", "\"exact\"", "\"RegularExpression\"", "\"1\"", "\"HTTP,TLS\"", "[]", "{}", "[null]", "[{}]", "\"\\ud800\"",
        "\"a\\u0000b\"", "{\"a\":[]}",
    ];

    [Fact]
    public void ReadAndWrite_EveryPlanTheRendererTestsProduce_SamePlanAndBytesAsTheSerializer()
    {
        Assert.True(Rendered.Value.Count >= 50, $"only {Rendered.Value.Count} rendered plans found");
        foreach (var (name, plan) in Rendered.Value)
        {
            var expected = PlanJson.Parse(plan);
            var actual = PlanReader.Read(plan);

            Assert.True(expected == actual, name);
            Assert.Equal(PlanJson.ToCanonicalBytes(expected), PlanWriter.CanonicalBytesWithHash(actual).Bytes);
            Assert.Equal(PlanJson.Hash(expected), PlanWriter.CanonicalBytesWithHash(actual).Hash);
        }
    }

    [Fact]
    public void Read_RenderedPlansIndentedAndWithUnknownMembers_SamePlanAsTheSerializer()
    {
        foreach (var (name, plan) in Rendered.Value)
        {
            var indented = Encoding.UTF8.GetBytes(PlanJson.ToIndentedString(PlanJson.Parse(plan)));
            var extra = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(plan).Replace("\"id\":", "\"later\":{\"id\":[1,{}]},\"id\":", StringComparison.Ordinal));

            Assert.True(AssertSameAsSerializer(indented), name);
            Assert.True(AssertSameAsSerializer(extra), name);
            Assert.True(PlanReader.Read(extra) == PlanJson.Parse(plan), name);
        }
    }

    [Fact]
    public void Read_EveryConstructorParameterOfTheRecordsItReads_HasAReader()
    {
        foreach (var (type, members) in PlanReader.Members)
        {
            var parameters = type.GetConstructors().MaxBy(c => c.GetParameters().Length)!.GetParameters();

            Assert.Equal(parameters.Select(p => JsonNamingPolicy.CamelCase.ConvertName(p.Name!)), members);
        }
    }

    /// <summary>
    /// A plan with every member of every record set (strings that need escaping, the last value of each enum, one item in
    /// every array): a member added to a record the writer writes by hand shows here even before a test plan has it.
    /// </summary>
    [Fact]
    public void Write_PlanWithEveryMemberSet_SameBytesAndHashAsTheSerializer()
    {
        var plan = (RoutingPlan)Sample(typeof(RoutingPlan), 0)!;

        Assert.Equal(Encoding.UTF8.GetString(PlanJson.ToCanonicalBytes(plan)), Encoding.UTF8.GetString(PlanWriter.CanonicalBytesWithHash(plan).Bytes));
        Assert.Equal(PlanJson.Hash(plan), PlanWriter.CanonicalBytesWithHash(plan).Hash);
        Assert.True(PlanReader.Read(PlanJson.ToCanonicalBytes(plan)) == plan);
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

    private static bool AssertSameAsSerializer(byte[] bytes)
    {
        var (expected, refused) = Outcome(() => PlanJson.Parse(bytes));
        var (actual, failure) = Outcome(() => PlanReader.Read(bytes));
        var input = Encoding.UTF8.GetString(bytes);
        if (refused is not null)
        {
            // The reader refuses what the serializer refuses, always as the JsonException its callers handle.
            Assert.True(failure is JsonException, $"serializer: {refused.GetType().Name} {refused.Message}; reader: {failure?.ToString() ?? "a plan"}; input: {input}");
            return false;
        }

        Assert.True(failure is null && expected == actual, $"reader: {failure?.ToString() ?? "another plan"}; input: {input}");
        AssertWrittenAsSerializer(actual!);
        return true;
    }

    /// <summary>The plan's canonical bytes and hash from <see cref="PlanWriter"/> are the serializer's, byte for byte.</summary>
    private static void AssertWrittenAsSerializer(RoutingPlan plan)
    {
        var (expected, refused) = Outcome(() => PlanJson.ToCanonicalBytesWithHash(plan));
        var (actual, failure) = Outcome(() => PlanWriter.CanonicalBytesWithHash(plan));
        if (refused is not null)
        {
            Assert.Equal(refused.GetType(), failure?.GetType());
            return;
        }

        Assert.True(failure is null, failure?.ToString());
        Assert.Equal(Encoding.UTF8.GetString(expected.Bytes), Encoding.UTF8.GetString(actual.Bytes));
        Assert.Equal(expected.Hash, actual.Hash);
    }

    private static (T? Value, Exception? Failure) Outcome<T>(Func<T> read)
    {
        try
        {
            return (read(), null);
        }
        catch (Exception e)
        {
            return (default, e);
        }
    }

    /// <summary>A plan with the members the node reads by hand and some it leaves to the serializer, and three rendered plans.</summary>
    private static List<byte[]> FuzzSeeds()
    {
        var rich = Rendered.Value.OrderByDescending(r => CountMembers(r.Plan)).Take(3).Select(r => r.Plan);
        var own = Plans.Of(Plans.Http(80, Plans.Host("a.test",
            Plans.Entry("h", new RouteMatch(Plans.Regex("/r/[a-z]+"), "GET", [new StringMatch(MatchKind.Exact, "x-a", "1")], [new StringMatch(MatchKind.RegularExpression, "q", "v.*")]), default, Plans.Service("v1", weight: 3, appProtocol: "h2c")))));
        return [.. rich, PlanJson.ToCanonicalBytes(own), Encoding.UTF8.GetBytes(PlanJson.ToIndentedString(own))];
    }

    private static int CountMembers(byte[] plan) => Encoding.UTF8.GetString(plan).Split("\":").Length;

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

    private static object? Sample(Type type, int depth)
    {
        if (Nullable.GetUnderlyingType(type) is { } underlying)
        {
            return Sample(underlying, depth);
        }

        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(EquatableArray<>))
        {
            if (depth > 12)
            {
                return Activator.CreateInstance(type); // empty: records hold each other (a mirror's backend has filters)
            }

            var element = type.GetGenericArguments()[0];
            var items = System.Array.CreateInstance(element, 1);
            items.SetValue(Sample(element, depth + 1), 0);
            var immutable = typeof(System.Collections.Immutable.ImmutableArray).GetMethods()
                .Single(m => m.Name == "CreateRange" && m.GetParameters().Length == 1).MakeGenericMethod(element).Invoke(null, [items]);
            return Activator.CreateInstance(type, immutable);
        }

        return type switch
        {
            _ when type == typeof(string) => "s<é\"\\\u0001/+'&\u2028" + depth,
            _ when type == typeof(int) || type == typeof(uint) || type == typeof(long) => Convert.ChangeType(7 + depth, type, System.Globalization.CultureInfo.InvariantCulture),
            _ when type == typeof(bool) => true,
            _ when type.IsEnum => Enum.GetValues(type).GetValue(Enum.GetValues(type).Length - 1),
            _ when type.IsValueType => throw new InvalidOperationException($"no sample for {type}"),
            _ => Record(type, depth),
        };
    }

    private static object Record(Type type, int depth)
    {
        var constructor = type.GetConstructors().MaxBy(c => c.GetParameters().Length)!;
        return constructor.Invoke([.. constructor.GetParameters().Select(p => Sample(p.ParameterType, depth + 1))]);
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
