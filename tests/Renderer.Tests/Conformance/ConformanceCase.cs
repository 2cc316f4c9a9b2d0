using System.Text.Json;
using GitGateway.Fixtures;

namespace GitGateway.Renderer.Tests.Conformance;

/// <summary>One line of cases.jsonl, with what the status test needs; <c>InScope</c> is <see cref="ConformanceScope.Runs"/>.</summary>
internal sealed record ConformanceCase(string Test, bool InScope, IReadOnlyList<string> Manifests, IReadOnlyList<JsonElement> StatusExpectations, IReadOnlyList<JsonElement> Mutations)
{
    private static readonly Lazy<IReadOnlyList<ConformanceCase>> All = new(Load);

    public static IReadOnlyList<ConformanceCase> InScopeCases => All.Value.Where(c => c.InScope).ToList();

    public static string CasesFile => Path.Combine(RepoPaths.Conformance, "cases.jsonl");

    public static ConformanceCase Get(string test) => All.Value.Single(c => c.Test == test);

    private static List<ConformanceCase> Load()
    {
        var result = new List<ConformanceCase>();
        if (!File.Exists(CasesFile))
        {
            return result;
        }

        foreach (var line in File.ReadLines(CasesFile))
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var root = JsonDocument.Parse(line).RootElement;
            result.Add(new ConformanceCase(
                root.GetProperty("test").GetString()!,
                ConformanceScope.Runs(root.GetProperty("inScope").GetBoolean(), root.GetProperty("features").EnumerateArray().Select(f => f.GetString()!)),
                root.GetProperty("manifests").EnumerateArray().Select(m => m.GetString()!).ToList(),
                root.GetProperty("statusExpectations").EnumerateArray().ToList(),
                root.GetProperty("mutations").EnumerateArray().ToList()));
        }

        return result;
    }
}
