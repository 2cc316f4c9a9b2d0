using System.Text;
using GitGateway.Plan.Model;
using GitGateway.Plan.Serialization;

namespace GitGateway.Plan.Tests.Serialization;

public sealed class PlanJsonTests
{
    [Fact]
    public void Parse_CanonicalBytes_RoundTripsToAnEqualPlan()
    {
        var plan = SamplePlans.Store();

        var parsed = PlanJson.Parse(PlanJson.ToCanonicalBytes(plan));

        Assert.Equal(plan, parsed);
    }

    [Fact]
    public void Parse_IndentedText_RoundTripsToTheSameHash()
    {
        var plan = SamplePlans.Store();

        var parsed = PlanJson.Parse(PlanJson.ToIndentedString(plan));

        Assert.Equal(PlanJson.Hash(plan), PlanJson.Hash(parsed));
    }

    [Theory]
    [InlineData("main@sha1:aaaa")]
    [InlineData("")]
    [InlineData("quote\" backslash\\ control\u0001 <tag> & é \ud83d\ude00")]
    public void ToCanonicalBytesWithHash_AnySource_SameBytesAndHashAsSerialisingTwice(string source)
    {
        var plan = SamplePlans.Store(source: source);

        var (bytes, hash) = PlanJson.ToCanonicalBytesWithHash(plan);

        Assert.Equal(PlanJson.ToCanonicalBytes(plan), bytes);
        Assert.Equal(PlanJson.Hash(plan), hash);
        Assert.Equal(PlanJson.Hash(plan with { Source = "other" }), hash);
    }

    [Theory]
    [InlineData("main@sha1:aaaa")]
    [InlineData("")]
    [InlineData("quote\" backslash\\ control\u0001 <tag> & é \ud83d\ude00")]
    public void HashOf_CanonicalBytes_IsTheHashOfThePlan(string source)
    {
        var plan = SamplePlans.Store(source: source);

        Assert.Equal(PlanJson.Hash(plan), PlanJson.HashOf(PlanJson.ToCanonicalBytes(plan)));
    }

    [Fact]
    public void Hash_PlanLargerThanTheSerialisersChunks_IsTheSha256OfItsCanonicalBytesWithoutSource()
    {
        // Hash streams the JSON through SHA-256 in chunks; it must hash exactly the bytes ToCanonicalBytes writes.
        var plan = SamplePlans.Store() with { Listeners = [.. Enumerable.Range(0, 100).SelectMany(seed => new RandomPlans(seed, 0).Plan().Listeners)] };
        var bytes = PlanJson.ToCanonicalBytes(plan with { Source = "" });

        Assert.True(bytes.Length > 256 * 1024, $"only {bytes.Length} bytes");
        Assert.Equal("sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)), PlanJson.Hash(plan));
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("{\"schemaVersion\":1}")]
    [InlineData("{\"source\":1}")]
    [InlineData("{\"source\":")]
    [InlineData("")]
    public void HashOf_NotAnObjectWithASourceString_IsNull(string json)
    {
        Assert.Null(PlanJson.HashOf(System.Text.Encoding.UTF8.GetBytes(json)));
    }

    [Fact]
    public void Hash_EqualPlansBuiltSeparately_AreEqual()
    {
        Assert.Equal(PlanJson.Hash(SamplePlans.Store()), PlanJson.Hash(SamplePlans.Store()));
    }

    [Fact]
    public void Hash_OnlySourceRevisionDiffers_IsEqual()
    {
        Assert.Equal(PlanJson.Hash(SamplePlans.Store(source: "main@sha1:a")), PlanJson.Hash(SamplePlans.Store(source: "main@sha1:b")));
    }

    [Fact]
    public void Hash_DifferentWeight_Differs()
    {
        Assert.NotEqual(PlanJson.Hash(SamplePlans.Store(90, 10)), PlanJson.Hash(SamplePlans.Store(50, 50)));
    }

    [Fact]
    public void ToCanonicalBytes_WritesEnumsByNameCamelCaseAndNoNulls()
    {
        var json = Encoding.UTF8.GetString(PlanJson.ToCanonicalBytes(SamplePlans.Store()));

        Assert.Contains("\"protocol\":\"HTTP\"", json, StringComparison.Ordinal);
        Assert.Contains("\"type\":\"PathPrefix\"", json, StringComparison.Ordinal);
        Assert.DoesNotContain("null", json, StringComparison.Ordinal);
        Assert.DoesNotContain("\n", json, StringComparison.Ordinal);
        Assert.StartsWith("{\"schemaVersion\":\"gitgateway.dev/plan/v1\",\"source\":", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_MissingArrays_ReadAsEmpty()
    {
        var plan = PlanJson.Parse("{\"schemaVersion\":\"gitgateway.dev/plan/v1\",\"source\":\"x\"}");

        Assert.True(plan.Listeners.IsEmpty);
        Assert.Equal(RoutingPlan.Empty("x"), plan);
    }

    [Fact]
    public void Parse_NotAPlan_Throws()
    {
        Assert.ThrowsAny<System.Text.Json.JsonException>(() => PlanJson.Parse("[1,2]"));
    }
}
