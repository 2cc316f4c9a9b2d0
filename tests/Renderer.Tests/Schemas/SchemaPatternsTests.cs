using System.Text;
using CsCheck;
using GitGateway.Renderer.Schemas;

namespace GitGateway.Renderer.Tests.Schemas;

/// <summary>
/// Each hand check of <see cref="SchemaPatterns"/> must accept exactly what its regular expression (the schema
/// node's own matcher, <see cref="SchemaNode.PatternRegex"/>, the check it replaces) matches: over strings built from
/// the pattern's own pieces, random strings over an alphabet of every character class that matters (control
/// characters, a final line feed, non-ASCII letters and digits, dots, dashes, wildcards), and very long ones.
/// </summary>
public sealed class SchemaPatternsTests
{
    private const string Alphabet = "az09AZ-.*_!#$%&'+^`|~:/ \n\r\t\0\u007F\u0085\u00E9\u0130\u212A\uFF21\u0661\u2028\uD83D\uDE00";

    private static readonly string[] HandChecked =
    [
        SchemaPatterns.Token, SchemaPatterns.Kind, SchemaPatterns.Label, SchemaPatterns.Subdomain,
        SchemaPatterns.SubdomainOrEmpty, SchemaPatterns.Hostname,
    ];

    public static TheoryData<string> Patterns() => [.. HandChecked];

    [Fact]
    public void For_EveryHandCheckedPattern_IsAPatternOfTheVendoredSchemas()
    {
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var resource in typeof(SchemaCatalog).Assembly.GetManifestResourceNames().Where(n => n.StartsWith("crds/", StringComparison.Ordinal)))
        {
            foreach (var kind in SchemaReader.Read(resource, CelRuleCoverageTests.Read(resource)))
            {
                foreach (var root in kind.Versions.Values)
                {
                    CelRuleCoverageTests.Walk(root, "", (_, node) => used.Add(node.Pattern ?? ""));
                }
            }
        }

        Assert.All(HandChecked, p => Assert.Contains(p, used));
        Assert.All(HandChecked, p => Assert.NotNull(SchemaPatterns.For(p)));
        Assert.Null(SchemaPatterns.For("^[0-9]+$"));
    }

    [Theory]
    [MemberData(nameof(Patterns))]
    public void MatchesPattern_RandomStrings_SameAsTheRegex(string pattern) =>
        SameAsTheRegex(pattern, Gen.Char[Alphabet].Array[0, 24].Select(c => new string(c)), 20_000);

    [Theory]
    [MemberData(nameof(Patterns))]
    public void MatchesPattern_NameShapedStrings_SameAsTheRegex(string pattern)
    {
        var label = Gen.Char["ab9-Z_*."].Array[0, 6].Select(c => new string(c));
        var names = Gen.Select(Pick("", "*.", "-", "\n"), label.Array[1, 5], Pick("", "\n", "\n\n", "\r\n", ".", "-", "\u00E9"))
            .Select((head, labels, tail) => head + string.Join('.', labels) + tail);
        SameAsTheRegex(pattern, names, 20_000);
    }

    [Theory]
    [MemberData(nameof(Patterns))]
    public void MatchesPattern_VeryLongStrings_SameAsTheRegex(string pattern)
    {
        var texts = Gen.Select(Gen.Int[1, 20_000], Gen.Int[0, 19_999], Gen.Char[Alphabet], Pick("a", "a.b", "A", "-a"))
            .Select((length, at, c, unit) =>
            {
                var text = new StringBuilder();
                while (text.Length < length)
                {
                    text.Append(unit);
                }

                text[Math.Min(at, text.Length - 1)] = c;
                return text.ToString();
            });
        SameAsTheRegex(pattern, texts, 300);
    }

    [Theory]
    [MemberData(nameof(Patterns))]
    public void MatchesPattern_ValuesTheManifestsUse_SameAsTheRegex(string pattern)
    {
        var node = new SchemaNode { Type = "string", Pattern = pattern };
        string[] values =
        [
            "", "\n", "a", "a\n", "a\n\n", "\na", "HTTPRoute", "gateway.networking.k8s.io", "team001", "*.team001.example.com",
            "*.", "*", "a-", "-a", "a..b", ".a", "a.", "X-Canary", "x-canary\r", "Service", "a\0", "é", "a b", "K8s",
            "svc-1.team-2", "*.*.a", "a.*", "\u212Aind",
        ];
        Assert.All(values, v => Assert.Equal(node.PatternRegex!.IsMatch(v), node.MatchesPattern(v)));
    }

    // The hand check (MatchesPattern) against the node's own regex, the check it replaces, for every sampled string.
    private static void SameAsTheRegex(string pattern, Gen<string> strings, int iter)
    {
        var node = new SchemaNode { Type = "string", Pattern = pattern };
        var regex = node.PatternRegex!;
        strings.Sample(s => regex.IsMatch(s) == node.MatchesPattern(s), iter: iter);
    }

    private static Gen<string> Pick(params string[] values) => Gen.Int[0, values.Length - 1].Select(i => values[i]);
}
