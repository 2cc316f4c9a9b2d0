using GitGateway.Fixtures;
using GitGateway.Renderer.Rendering;
using GitGateway.Renderer.Schemas;

namespace GitGateway.Renderer.Tests.Schemas;

/// <summary>
/// Remembering CEL outcomes must change nothing a user sees: every conformance manifest, every golden case (many
/// of them break rules) and the example repository give the same output (plan, statuses, diagnostics) with the memo off, filling it, and
/// answering from it.
/// </summary>
public sealed class CelRuleMemoTests
{
    public static TheoryData<string> Inputs()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(Path.Combine(RepoPaths.Conformance, "manifests"), "*.yaml", SearchOption.AllDirectories)
            .Concat(Directory.EnumerateFiles(TestData, "*.in.yaml")).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetRelativePath(RepoPaths.Root, file));
        }

        data.Add(Path.Combine("examples", "repo-layout"));
        return data;
    }

    private static string TestData => Path.Combine(RepoPaths.Root, "tests", "Renderer.Tests", "testdata");

    [Theory]
    [MemberData(nameof(Inputs))]
    public void Render_MemoOnOrOff_GivesIdenticalDiagnostics(string input)
    {
        var files = Read(Path.Combine(RepoPaths.Root, input));

        var off = Rendered(files, memo: false);
        var filling = Rendered(files, memo: true);
        var answering = Rendered(files, memo: true);

        Assert.Equal(off, filling);
        Assert.Equal(off, answering);
    }

    [Fact]
    public void Evaluate_SameFieldsDifferentValue_AnswersEach()
    {
        var rule = new SchemaRule("(self.type in ['Exact','PathPrefix']) ? !self.value.contains('//') : true", null, null);

        var good = CelRuleEvaluator.Evaluate(rule, Match("/a"));
        var bad = CelRuleEvaluator.Evaluate(rule, Match("/a//b"));
        var goodAgain = CelRuleEvaluator.Evaluate(rule, Match("/a"));

        Assert.Equal([true, false, true], new[] { good, bad, goodAgain });
    }

    [Theory]
    [InlineData("!(has(self.cors) && self.type != 'CORS')", "cors:p type:v")]
    [InlineData("has(self.a) && self.a > 1", "a:v")]
    [InlineData("self.numerator <= self.denominator", "denominator:v numerator:v")]
    [InlineData("has(self.a.b)", "a:v")]
    [InlineData("self.a > 1 || has(self.a) && has(self.b)", "a:v b:p")]
    [InlineData("self.b == self.B && has(self.a_) && has(self.a)", "B:v a:p a_:p b:v")]
    [InlineData("self.size() > 1", "self")]
    [InlineData("'*' in self", "self")]
    [InlineData("self.exists(f, f.type == 'CORS')", "self")]
    [InlineData("'self' == self.a", "self")]
    [InlineData("self.?a.orValue(1) == 1", "self")]
    [InlineData("myself.a == selfish.b", "")]
    public void Inputs_Rule_NamesWhatItReads(string rule, string expected)
    {
        var inputs = CelRuleInputs.Of(rule);

        var actual = inputs.Fields is null ? "self" : string.Join(' ', inputs.Fields.Select(f => $"{f.Field}:{(f.PresenceOnly ? "p" : "v")}"));

        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Key_PresenceOnlyField_FollowsWhatHasAnswers()
    {
        // The key of a has(self.x) input says absent or present; it must split values exactly where has() does, or
        // one value's outcome is served for another that has() answers differently.
        object?[] values =
        [
            null, string.Empty, "a", 0L, 1L, 0.0, false, true,
            new List<object?>(), new List<object?> { 1L },
            new Dictionary<string, object?>(StringComparer.Ordinal),
            new Dictionary<string, object?>(StringComparer.Ordinal) { ["set"] = new List<object?>() },
        ];
        var rule = new SchemaRule("has(self.x)", null, null);

        CelRuleMemo.Enabled = false;
        List<bool?> evaluated;
        try
        {
            evaluated = values.Select(v => CelRuleEvaluator.Evaluate(rule, new Dictionary<string, object?>(StringComparer.Ordinal) { ["x"] = v })).ToList();
        }
        finally
        {
            CelRuleMemo.Enabled = true;
        }

        Assert.Equal(evaluated, values.Select(v => (bool?)CelValueKey.HasSees(v)).ToList());
    }

    [Fact]
    public void Evaluate_EmptyFilledOrMissingModifier_AnswersAsTheApiServer()
    {
        // has() asks whether the field is there: an empty modifier is specified, a missing one is not.
        var rule = new SchemaRule("!(!has(self.requestHeaderModifier) && self.type == 'RequestHeaderModifier')", null, null);
        Dictionary<string, object?> Filter(Dictionary<string, object?>? modifier)
        {
            var filter = new Dictionary<string, object?>(StringComparer.Ordinal) { ["type"] = "RequestHeaderModifier" };
            if (modifier is not null)
            {
                filter["requestHeaderModifier"] = modifier;
            }

            return filter;
        }

        var empty = CelRuleEvaluator.Evaluate(rule, Filter(new(StringComparer.Ordinal)));
        var filled = CelRuleEvaluator.Evaluate(rule, Filter(new(StringComparer.Ordinal) { ["set"] = new List<object?> { "x" } }));
        var missing = CelRuleEvaluator.Evaluate(rule, Filter(null));
        var emptyAgain = CelRuleEvaluator.Evaluate(rule, Filter(new(StringComparer.Ordinal)));

        Assert.Equal([true, true, false, true], new[] { empty, filled, missing, emptyAgain });
    }

    [Fact]
    public void Key_ValueBeyondBound_HasNone()
    {
        var inputs = CelRuleInputs.Of("self.size() > 0");

        Assert.NotNull(CelValueKey.Of(new List<object?> { "short" }, inputs));
        Assert.Null(CelValueKey.Of(new List<object?> { new string('a', CelValueKey.MaxLength) }, inputs));
    }

    [Fact]
    public void Key_TypesDiffer_KeysDiffer()
    {
        var inputs = CelRuleInputs.Of("self.a == self.b");

        var keys = new object?[] { 1L, "1", 1.0, true, null, new List<object?> { 1L } }
            .Select(v => CelValueKey.Of(new Dictionary<string, object?> { ["a"] = v }, inputs)).ToList();
        keys.Add(CelValueKey.Of(new Dictionary<string, object?>(), inputs));

        Assert.Equal(keys.Count, keys.Distinct().Count());
    }

    private static Dictionary<string, object?> Match(string value) => new(StringComparer.Ordinal) { ["type"] = "PathPrefix", ["value"] = value };

    internal static (string Path, string Text)[] Read(string path) => Directory.Exists(path)
        ? Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            .Select(f => (Path.GetRelativePath(path, f).Replace('\\', '/'), File.ReadAllText(f))).ToArray()
        : [(Path.GetFileName(path), File.ReadAllText(path))];

    // The whole output: plan, statuses and diagnostics, as `gitgateway render` writes it.
    private static string Rendered((string Path, string Text)[] files, bool memo)
    {
        CelRuleMemo.Enabled = memo;
        try
        {
            return RenderJson.ToJson(Files.Render(files));
        }
        finally
        {
            CelRuleMemo.Enabled = true;
        }
    }
}
