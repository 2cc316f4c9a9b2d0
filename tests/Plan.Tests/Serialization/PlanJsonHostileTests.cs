using System.Text;
using GitGateway.Plan.Delta;
using GitGateway.Plan.Serialization;

namespace GitGateway.Plan.Tests.Serialization;

/// <summary>
/// The plan reader on bytes from disk and from the network: past its depth and size limits, on bytes that do not decode
/// and on values of the wrong kind, it throws a <see cref="PlanJsonException"/> that says where, and nothing else.
/// </summary>
public sealed class PlanJsonHostileTests
{
    [Fact]
    public void Parse_UnknownMemberNestedPastTheDepthLimit_PlanJsonExceptionInsideIt()
    {
        var json = "{\"x\":" + new string('[', PlanJson.MaxDepth) + new string(']', PlanJson.MaxDepth) + "}";

        var e = Assert.Throws<PlanJsonException>(() => PlanJson.Parse(Encoding.UTF8.GetBytes(json)));

        Assert.InRange(e.BytePosition, PlanJson.MaxDepth, json.Length);
    }

    [Fact]
    public void Parse_RecordsNestedPastTheDepthLimit_PlanJsonException()
    {
        // A mirror's backend has filters, which may mirror again: the records allow any depth, the reader does not.
        const string Mirror = "{\"type\":\"RequestMirror\",\"requestMirror\":{\"backend\":{\"filters\":[";
        var filters = string.Concat(Enumerable.Repeat(Mirror, PlanJson.MaxDepth / 4)) + string.Concat(Enumerable.Repeat("]}}}", PlanJson.MaxDepth / 4));
        var json = "{\"listeners\":[{\"virtualHosts\":[{\"routes\":[{\"filters\":[" + filters + "]}]}]}]}";

        Assert.Throws<PlanJsonException>(() => PlanJson.Parse(Encoding.UTF8.GetBytes(json)));
    }

    [Fact]
    public void Parse_MoreBytesThanTheLimit_PlanJsonExceptionBeforeReading()
    {
        var bytes = PlanJson.ToCanonicalBytes(SamplePlans.Store());

        var e = Assert.Throws<PlanJsonException>(() => PlanJson.Parse(bytes, maxBytes: bytes.Length - 1));
        var delta = Assert.Throws<PlanJsonException>(() => PlanDeltaJson.Parse(bytes, maxBytes: 10));

        Assert.Contains($"{bytes.Length} bytes", e.Message, StringComparison.Ordinal);
        Assert.Equal(0, delta.BytePosition);
        Assert.Equal(SamplePlans.Store(), PlanJson.Parse(bytes, maxBytes: bytes.Length));
    }

    [Fact]
    public void Parse_ValueOfTheWrongKind_PlanJsonExceptionAtThatValue()
    {
        const string Json = "{\"schemaVersion\":\"v\",\"listeners\":[{\"id\":\"a\",\"port\":\"80\"}]}";

        var e = Assert.Throws<PlanJsonException>(() => PlanJson.Parse(Json));

        Assert.Equal(Json.IndexOf("\"80\"", StringComparison.Ordinal), e.BytePosition);
        Assert.Contains("32-bit integer", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_InvalidUtf8InAStringOrAName_PlanJsonExceptionNotAnother()
    {
        var good = PlanJson.ToCanonicalBytes(SamplePlans.Store());
        var at = Encoding.UTF8.GetString(good).IndexOf("store.example.com", StringComparison.Ordinal);
        byte[][] inputs =
        [
            [.. good[..at], 0xC3, 0x28, .. good[at..]],
            Encoding.UTF8.GetBytes("{\"so\\uD800urce\":1}"),
            Encoding.UTF8.GetBytes("{\"source\":\"\\uDC00\"}"),
            [.. "{\"source\":\""u8, 0xFF, .. "\"}"u8],
        ];

        foreach (var input in inputs)
        {
            var e = Assert.Throws<PlanJsonException>(() => PlanJson.Parse(input));
            Assert.InRange(e.BytePosition, 0, input.Length);
        }
    }

    [Fact]
    public void ParseDelta_NotADelta_PlanJsonException()
    {
        foreach (var json in new[] { "null", "[]", "{\"listeners\":[{\"listener\":null}]}", "{\"listeners\":[{\"virtualHosts\":[{\"spans\":[{\"from\":-1.5}]}]}]}" })
        {
            Assert.Throws<PlanJsonException>(() => PlanDeltaJson.Parse(Encoding.UTF8.GetBytes(json)));
        }
    }
}
