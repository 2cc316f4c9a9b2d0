using System.Text.Json;
using CsCheck;
using GitGateway.Plan.Serialization;
using GitGateway.Renderer.Rendering;
using GitGateway.Renderer.Status;

namespace GitGateway.Renderer.Tests.Rendering;

/// <summary>
/// The statuses' hand writer (<see cref="StatusJson"/>) against the writer it replaced: <c>System.Text.Json</c>'s
/// serializer under <see cref="PlanJson.Indented"/>, into a writer with the render's options, member by member as
/// <c>RenderJson</c> wrote them. Same bytes over every golden case and over generated statuses with hostile strings.
/// </summary>
public sealed class StatusJsonTests
{
    private static readonly string[] Fixed = ["</script>", "<!--", "]]>", "\ud83d\ude00", "\ud83d", "\ude00x", "x\ud800", ""];

    // Control characters, lone and paired surrogates, markup and text the relaxed encoder must still escape.
    private static readonly Gen<string> Hostile = Gen.Frequency(
        (3, Gen.String[Gen.Char, 0, 12]),
        (2, Gen.String[Gen.Char["\0\u0001\u001f\u007f\t\n\r\"\\/<>&'+`\u0085\u2028\u2029\u00e9\ufeff\ud800\udbff\udc00\udfff"], 0, 12]),
        (1, Gen.Int[0, Fixed.Length - 1].Select(i => Fixed[i])));

    private static readonly Gen<Condition> Conditions =
        Gen.Select(Hostile, Hostile, Hostile, Hostile, (t, s, r, m) => new Condition(t, s, r, m));

    private static readonly Gen<ListenerStatus> Listeners = Gen.Select(
        Hostile, Gen.Int, Gen.Select(Hostile, Hostile, (g, k) => new GroupKind(g, k)).List[0, 2], Conditions.List[0, 3],
        (n, a, k, c) => new ListenerStatus(n, a, k, c));

    private static readonly Gen<ParentReference> Refs = Gen.Select(
        Hostile, Hostile, Hostile, Hostile, Hostile.Null(), Gen.Int.Nullable(),
        (g, k, ns, n, s, p) => new ParentReference(g, k, ns, n, s, p));

    private static readonly Gen<GatewayStatus> Gateways = Gen.Select(
        Hostile, Hostile, Conditions.List[0, 3], Listeners.List[0, 2],
        Gen.Select(Hostile, Hostile, (t, v) => new GatewayAddress(t, v)).List[0, 2].Select(l => (IReadOnlyList<GatewayAddress>)l).Null(),
        Gen.Int.Nullable(),
        (ns, n, c, l, a, s) => new GatewayStatus(ns, n, c, l, a, s));

    private static readonly Gen<RouteStatus> Routes = Gen.Select(
        Hostile, Hostile, Hostile, Gen.Select(Refs, Hostile, Conditions.List[0, 3], (r, c, k) => new RouteParentStatus(r, c, k)).List[0, 3],
        (k, ns, n, p) => new RouteStatus(k, ns, n, p));

    private static readonly Gen<PolicyStatus> Policies = Gen.Select(
        Hostile, Hostile, Hostile, Gen.Select(Refs, Hostile, Conditions.List[0, 2], (r, c, k) => new PolicyAncestorStatus(r, c, k)).List[0, 2],
        (k, ns, n, a) => new PolicyStatus(k, ns, n, a));

    private static readonly Gen<ListenerSetStatus> Sets = Gen.Select(
        Hostile, Hostile, Hostile, Conditions.List[0, 2], Listeners.List[0, 2], (ns, n, k, c, l) => new ListenerSetStatus(ns, n, k, c, l));

    private static readonly Gen<RenderStatus> Statuses = Gen.Select(
        Gateways.List[0, 2], Gateways.List[0, 3], Routes.List[0, 4], Policies.List[0, 2].Select(l => (IReadOnlyList<PolicyStatus>)l).Null(), Sets.List[0, 2],
        (c, g, r, p, s) => new RenderStatus(c, g, r, p, s));

    public static TheoryData<string> Cases() => GoldenTests.Cases();

    [Theory]
    [MemberData(nameof(Cases))]
    public void StatusJson_GoldenCase_SameBytesAsSerializer(string name)
    {
        var status = PlanRenderer.Render(new RenderInput(GoldenTests.Input(name), "golden")).Status;

        Assert.Equal(Outcome(w => Serializer(w, status)), Outcome(w => StatusJson.Write(w, status)));
    }

    [Fact]
    public void StatusJson_GeneratedHostileStatuses_SameBytesOrSameFailureAsSerializer()
    {
        Statuses.Sample(status => Outcome(w => Serializer(w, status)) == Outcome(w => StatusJson.Write(w, status)), iter: 2000);
    }

    [Fact]
    public void StatusJson_ScriptAndControlText_EscapedAsBefore()
    {
        Condition condition = new("Accepted", "True", "</script>", "a\u0001b\"c\\d\u2028\ud800");
        RenderStatus status = new([], [], [new RouteStatus("HTTPRoute", "ns", "r", [new RouteParentStatus(new ParentReference("g", "Gateway", "ns", "gw", null, null), "c", [condition])])]);

        var written = Outcome(w => StatusJson.Write(w, status));

        Assert.Equal(Outcome(w => Serializer(w, status)), written);
        // The relaxed encoder leaves markup as it is, escapes control characters and line separators, and writes a lone
        // surrogate as the replacement character: what the render has always written.
        Assert.Contains("\"reason\": \"</script>\"", written, StringComparison.Ordinal);
        Assert.Contains("\"message\": \"a\\u0001b\\\"c\\\\d\\u2028\\uFFFD\"", written, StringComparison.Ordinal);
    }

    // The writer's bytes as text, or the type of what it threw (a lone surrogate may be refused by the writer itself).
    private static string Outcome(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        try
        {
            using (var writer = new Utf8JsonWriter(buffer, RenderJson.WriterOptions))
            {
                write(writer);
            }

            return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or JsonException)
        {
            return "threw " + e.GetType().Name;
        }
    }

    // What RenderJson wrote for the statuses before the hand writer: the serializer's reflection metadata.
    private static void Serializer(Utf8JsonWriter writer, RenderStatus status)
    {
        writer.WriteStartObject();
        writer.WritePropertyName("gatewayClasses");
        JsonSerializer.Serialize(writer, status.GatewayClasses, PlanJson.Indented);
        writer.WritePropertyName("gateways");
        JsonSerializer.Serialize(writer, status.Gateways, PlanJson.Indented);
        writer.WritePropertyName("routes");
        JsonSerializer.Serialize(writer, status.Routes, PlanJson.Indented);
        if (status.ListenerSets.Count > 0)
        {
            writer.WritePropertyName("listenerSets");
            JsonSerializer.Serialize(writer, status.ListenerSets, PlanJson.Indented);
        }

        if (status.Policies is { Count: > 0 } policies)
        {
            writer.WritePropertyName("policies");
            JsonSerializer.Serialize(writer, policies, PlanJson.Indented);
        }

        writer.WriteEndObject();
    }
}
