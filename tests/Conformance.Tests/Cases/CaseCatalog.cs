using System.Text.Json;

namespace GitGateway.Conformance.Tests.Cases;

/// <summary>The in-scope conformance cases that send traffic, read once from <c>third_party/gateway-api/conformance/cases.jsonl</c>.</summary>
internal static class CaseCatalog
{
    private static readonly Lazy<IReadOnlyDictionary<string, ConformanceCase>> Cases = new(Load);

    public static bool Available => File.Exists(CasesPath);

    public static IReadOnlyDictionary<string, ConformanceCase> All => Cases.Value;

    /// <summary>
    /// Test names of the in-scope cases with requests, sorted; <c>CONFORMANCE_CASES=A,B</c> narrows the run to
    /// those names while working on them.
    /// </summary>
    public static IEnumerable<string> TrafficCaseNames => InScopeCaseNames.Where(t => All[t].Requests.Count > 0);

    /// <summary>Test names of every in-scope case (the status rows), sorted, narrowed by <c>CONFORMANCE_CASES</c> as above.</summary>
    public static IEnumerable<string> InScopeCaseNames
    {
        get
        {
            if (!Available)
            {
                return [];
            }

            var only = (Environment.GetEnvironmentVariable("CONFORMANCE_CASES") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            return All.Values.Where(c => c.InScope && (only.Length == 0 || only.Contains(c.Test))).Select(c => c.Test).Order(StringComparer.Ordinal);
        }
    }

    private static string CasesPath => Path.Combine(HarnessPaths.Conformance, "cases.jsonl");

    private static IReadOnlyDictionary<string, ConformanceCase> Load()
    {
        var cases = new Dictionary<string, ConformanceCase>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(CasesPath).Where(l => l.Length > 0))
        {
            using var doc = JsonDocument.Parse(line);
            var c = ConformanceCase.Parse(doc.RootElement);
            cases[c.Test] = c;
        }

        return cases;
    }
}
