using System.Text.RegularExpressions;
using Cel;

namespace GitGateway.Render.Bench;

/// <summary>
/// What one piece of validation costs on its own, cold: building 2,000 distinct linear-time regexes (what the
/// route readers' check did per regex route), and the <c>Cel</c> package evaluating rules of the HTTPRoute path
/// match 10,000 times each (one rule, and four rules in one list).
/// </summary>
internal static class CostProbe
{
    private const string PathRule = "(self.type in ['Exact','PathPrefix']) ? !self.value.contains('%2f') : true";

    public static void Run(StageClock clock)
    {
        clock.Time("2k regexes, NonBacktracking", () => Build(RegexOptions.NonBacktracking | RegexOptions.CultureInvariant, "a"));
        clock.Time("2k regexes, parsed only", () => Build(RegexOptions.CultureInvariant, "b"));
        var environment = new CelEnvironment([], "");
        Cel.Internal.CelStringHandlingFunctions.RegisterStringExtensionFunctions(environment);
        var self = new Dictionary<string, object?>(StringComparer.Ordinal) { ["type"] = "PathPrefix", ["value"] = "/r1/api" };
        foreach (var (label, text) in new[]
        {
            ("10k CEL: true", "true"),
            ("10k CEL: self.type == 'Exact'", "self.type == 'Exact'"),
            ("10k CEL: one path rule", PathRule),
            ("10k CEL: four path rules, one list", $"[{PathRule}, {PathRule.Replace("%2f", "//", StringComparison.Ordinal)}, {PathRule.Replace("%2f", "#", StringComparison.Ordinal)}, {PathRule.Replace("%2f", "%2F", StringComparison.Ordinal)}]"),
        })
        {
            var program = environment.Compile(text);
            program(new Dictionary<string, object?>(StringComparer.Ordinal) { ["self"] = self });
            clock.Time(label, () =>
            {
                for (var i = 0; i < 10_000; i++)
                {
                    program(new Dictionary<string, object?>(StringComparer.Ordinal) { ["self"] = self });
                }
            });
        }
    }

    private static void Build(RegexOptions options, string prefix)
    {
        for (var i = 0; i < 2000; i++)
        {
            _ = new Regex($"/{prefix}{i}/items/[0-9]+(/.*)?", options, TimeSpan.FromSeconds(1));
        }
    }
}
