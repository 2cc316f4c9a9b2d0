using System.Text;
using CsCheck;
using GitGateway.Plan.Serialization;
using GitGateway.Vip.Announcing;

namespace GitGateway.Vip.Tests.Fuzz;

/// <summary>
/// The plan file is hostile input: random bytes and mutated plans must be refused with a reason or taken as a
/// plan that passes every later step (guard, peers, routes) without an exception.
/// </summary>
public sealed class PlanIntakeFuzzTests
{
    private static readonly AnnouncerOptions Node = new("fuzz-node", new Dictionary<string, string> { ["edge"] = "true" });

    private static readonly string[] Tokens =
    [
        "null", "{}", "[]", "\"\"", "0", "-1", "1e999", "true", "\"0.0.0.0/0\"", "\"::/0\"", "\"10.0.0.0/8\"", "\"8.8.8.8/32\"",
        "\"not-an-ip\"", "[null]", "{\"plan\":", "\"gitgateway.dev/plan/v1\"", "4294967296", "\"\\u0000\"", ",", ":", "}", "]",
    ];

    private static readonly byte[] Valid = PlanJson.ToCanonicalBytes(TestPlans.With(
        TestPlans.Vip("web", ["10.200.0.100/32", "2001:db8:100::1/128"], [TestPlans.Peer("127.0.0.1", 64500, 179, maxPrefixes: 10)], communities: ["64501:100"], large: ["1:2:3"], nodeSelector: ["edge=true"]),
        TestPlans.Vip("api", ["10.200.0.101/32"], [TestPlans.Peer("10.0.0.254", 64500, 179)], bfd: new(3, 300, 300))));

    [Fact]
    public void PlanIntake_RandomBytes_RefusedWithReasonNeverThrows() =>
        Gen.Byte.Array[0, 600].Sample(bytes => Feed(bytes), iter: 3000, threads: 1);

    [Fact]
    public void PlanIntake_MutatedPlans_RefusedOrSafeToAnnounce()
    {
        var splice = Gen.Select(Gen.Int[0, Valid.Length], Gen.Int[0, 24], Gen.OneOf(Gen.Int[0, Tokens.Length - 1].Select(i => Encoding.UTF8.GetBytes(Tokens[i])), Gen.Byte.Array[0, 8]));
        splice.Array[1, 6].Sample(
            edits =>
            {
                var bytes = Valid.ToList();
                foreach (var (at, delete, insert) in edits)
                {
                    var start = Math.Min(at, bytes.Count);
                    bytes.RemoveRange(start, Math.Min(delete, bytes.Count - start));
                    bytes.InsertRange(start, insert);
                }

                Feed([.. bytes]);
            },
            iter: 4000,
            threads: 1);
    }

    [Fact]
    public void PlanIntake_ValuesSwappedForHostileTokens_RefusedOrSafeToAnnounce()
    {
        // Valid JSON with hostile values where the plan has its own: reaches the guard and the route builder.
        var text = Encoding.UTF8.GetString(Valid);
        var values = System.Text.RegularExpressions.Regex.Matches(text, "\"(?:[^\"\\\\]|\\\\.)*\"|-?[0-9]+").Select(m => (m.Index, m.Length)).ToArray();
        var swap = Gen.Select(Gen.Int[0, values.Length - 1], Gen.Int[0, Tokens.Length - 1]);
        swap.Array[1, 4].Sample(
            swaps =>
            {
                var chars = text;
                foreach (var (value, token) in swaps.OrderByDescending(s => values[s.Item1].Index).DistinctBy(s => s.Item1))
                {
                    var (index, length) = values[value];
                    chars = chars[..index] + Tokens[token] + chars[(index + length)..];
                }

                Feed(Encoding.UTF8.GetBytes(chars));
            },
            iter: 4000,
            threads: 1);
    }

    [Fact]
    public void PlanIntake_ValidPlan_Taken()
    {
        var (plan, refusal) = PlanIntake.Read(Valid, Node, minVips: 2);

        Assert.Null(refusal);
        Assert.NotNull(plan);
        Assert.Empty(VipPlanGuard.Check(plan, Node));
    }

    [Theory]
    [InlineData("\"10.200.0.101/32\"", "null")]
    [InlineData("\"edge=true\"", "null")]
    [InlineData("\"64501:100\"", "null")]
    [InlineData("{\"id\":\"peer/10.0.0.254\"", "null,{\"id\":\"peer/10.0.0.254\"")]
    [InlineData("\"bgp\":{", "\"bgp\":null,\"x\":{")]
    [InlineData("\"address\":\"10.0.0.254\",", "")]
    [InlineData("\"id\":\"peer/10.0.0.254\",", "")]
    public void PlanIntake_NullsInsideAPlan_NeverThrow(string find, string replace)
    {
        var text = Encoding.UTF8.GetString(Valid);
        Assert.Contains(find, text, StringComparison.Ordinal);
        Feed(Encoding.UTF8.GetBytes(text.Replace(find, replace, StringComparison.Ordinal)));
    }

    private static void Feed(byte[] bytes)
    {
        var (plan, refusal) = PlanIntake.Read(bytes, Node, minVips: 1);
        Assert.True(plan is null != (refusal is null), "exactly one of plan and refusal");
        if (plan is null)
        {
            Assert.False(string.IsNullOrWhiteSpace(refusal));
            return;
        }

        Assert.Equal(GitGateway.Plan.Model.RoutingPlan.CurrentSchemaVersion, plan.SchemaVersion);
        Assert.NotEmpty(VipSelection.ForNode(plan, Node));
        if (VipPlanGuard.Check(plan, Node).Count == 0)
        {
            // What the guard lets through must be safe for every later step.
            _ = VipSelection.Peers(plan, Node);
            var routes = VipSelection.Routes(plan, ProxyReadiness.AlwaysReady, Node);
            Assert.All(routes.Values.SelectMany(r => r), r => Assert.True(r.Prefix.PrefixLength > 0));
        }
    }
}
