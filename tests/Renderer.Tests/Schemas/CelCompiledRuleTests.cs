using System.Text.Json;
using CsCheck;
using GitGateway.Fixtures;
using GitGateway.Renderer.Rendering;
using GitGateway.Renderer.Schemas;

namespace GitGateway.Renderer.Tests.Schemas;

/// <summary>
/// The compiled rules (<see cref="CelCompiledRules"/>) must answer exactly as the <c>Cel</c> package: for every rule of
/// every vendored CRD, over every value the renderer meets in the golden cases, the conformance manifests and the
/// example repository, and over random values shaped by the rule's schema node. Where the compiled form does not
/// decide, the package answers (so the outcome is the package's by construction); where it decides, it must give the
/// package's true or false, never one where the package fails.
/// </summary>
public sealed class CelCompiledRuleTests(ITestOutputHelper output)
{
    [Fact]
    public void CompiledRules_EveryValueOfTheRepositoryInputs_AnswerAsThePackage()
    {
        var seen = new List<(SchemaRule Rule, object Self)>();
        CelRuleEvaluator.Observer = (rule, self) =>
        {
            lock (seen)
            {
                seen.Add((rule, self)); // files load in parallel: told from several threads at once
            }
        };
        try
        {
            foreach (var input in CelRuleMemoTests.Inputs().Select(d => (string)d.Data))
            {
                RenderJson.ToJson(Files.Render(CelRuleMemoTests.Read(Path.Combine(RepoPaths.Root, input))));
            }
        }
        finally
        {
            CelRuleEvaluator.Observer = null;
        }

        var (decided, mismatches) = Compare(seen);

        output.WriteLine($"{seen.Count} evaluations of {seen.Select(s => s.Rule.Rule).Distinct().Count()} rules; the compiled form decided {decided}");
        Assert.True(mismatches.Count == 0, string.Join("\n", mismatches.Take(20)));
        Assert.True(decided > seen.Count / 2, $"the compiled form decided only {decided} of {seen.Count}");
    }

    [Theory]
    [MemberData(nameof(CelRuleCoverageTests.CrdFiles), MemberType = typeof(CelRuleCoverageTests))]
    public void CompiledRules_SchemaShapedRandomValues_AnswerAsThePackage(string resource)
    {
        var (decided, total) = (0, 0);
        var mismatches = new List<string>();
        foreach (var (node, rule) in VendoredRules(resource))
        {
            Gen.Int.Sample(
                seed =>
                {
                    if (SchemaShapedValues.Value(node, new Random(seed)) is not { } self)
                    {
                        return;
                    }

                    var (d, m) = Compare([(rule, self)]);
                    lock (mismatches)
                    {
                        (decided, total) = (decided + d, total + 1);
                        mismatches.AddRange(m);
                    }
                },
                iter: 200);
        }

        output.WriteLine($"{total} random values; the compiled form decided {decided}");
        Assert.True(mismatches.Count == 0, string.Join("\n", mismatches.Take(20)));
    }

    [Fact]
    public void VendoredRules_NotCompiled_FallBackToThePackage()
    {
        var rules = CelRuleCoverageTests.CrdFiles().SelectMany(d => VendoredRules((string)d.Data)).Select(r => r.Rule.Rule)
            .Distinct(StringComparer.Ordinal).ToList();

        var fallBack = rules.Where(r => !CelCompiledRules.IsCompiled(r)).ToList();

        output.WriteLine($"{rules.Count - fallBack.Count} of {rules.Count} distinct rules compiled; left to the package:");
        fallBack.ForEach(output.WriteLine);
        Assert.All(fallBack, r => Assert.True(CelRuleEvaluator.Compiles(new SchemaRule(r, null, null)), r));
        Assert.True(fallBack.Count < rules.Count / 4, $"{fallBack.Count} of {rules.Count} rules fall back");
    }

    [Theory]
    [InlineData("duration(self.a) < duration('2s')", "1s", true)]
    [InlineData("duration(self.a) < duration('2s')", "3s", false)]
    [InlineData("size(self.a) * 2 == 2", "X", true)]
    public void Evaluate_ConstructNotCompiled_AnswersFromThePackage(string text, string a, bool expected)
    {
        var rule = new SchemaRule(text, null, null);
        var self = new Dictionary<string, object?>(StringComparer.Ordinal) { ["a"] = a };

        Assert.False(CelCompiledRules.IsCompiled(text));
        Assert.Equal(expected, CelRuleEvaluator.Evaluate(rule, self));
    }

    [Theory]
    [InlineData("self.a == 'x'")]
    [InlineData("self.missing == 'x' || self.a == 1")]
    [InlineData("self.a + 1 > 0")]
    public void Evaluate_ValueNotDecided_AnswersFromThePackage(string text)
    {
        var rule = new SchemaRule(text, null, null);
        var self = new Dictionary<string, object?>(StringComparer.Ordinal) { ["a"] = long.MaxValue };

        Assert.True(CelCompiledRules.IsCompiled(text));
        Assert.Null(CelCompiledRules.TryEvaluate(text, self));
        Assert.Equal(CelRuleEvaluator.RunPackage(rule, self), CelRuleEvaluator.Evaluate(rule, self));
    }

    // How many the compiled form decided, and each value where it decided otherwise than the package.
    private static (int Decided, List<string> Mismatches) Compare(IEnumerable<(SchemaRule Rule, object Self)> evaluations)
    {
        var (decided, mismatches) = (0, new List<string>());
        foreach (var (rule, self) in evaluations)
        {
            if (CelCompiledRules.TryEvaluate(rule.Rule, self) is not { } compiled)
            {
                continue;
            }

            decided++;
            if (CelRuleEvaluator.RunPackage(rule, self) is var package && package != compiled)
            {
                mismatches.Add($"{rule.Rule}\n  self = {JsonSerializer.Serialize(self)}\n  compiled {compiled}, package {package?.ToString() ?? "error"}");
            }
        }

        return (decided, mismatches);
    }

    private static List<(SchemaNode Node, SchemaRule Rule)> VendoredRules(string resource)
    {
        var found = new List<(SchemaNode, SchemaRule)>();
        foreach (var root in SchemaReader.Read(resource, CelRuleCoverageTests.Read(resource)).SelectMany(k => k.Versions.Values))
        {
            CelRuleCoverageTests.Walk(root, "", (_, node) => found.AddRange(node.Rules.Where(r => !r.IsTransitionRule).Select(r => (node, r))));
        }

        return found;
    }
}
