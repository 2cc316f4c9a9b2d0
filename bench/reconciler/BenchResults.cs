using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace GitGateway.Reconciler.Bench;

/// <summary>
/// Writes a run's figures as bench/README.md's regression gate reads them (<c>bench/compare.sh</c>): date, machine,
/// commit, load average and, per figure, its value and whether lower or higher is better.
/// </summary>
internal static class BenchResults
{
    public static string Load() => File.ReadAllText("/proc/loadavg").Split(' ')[0];

    public static void Write(string path, string bench, string setup, string load, IReadOnlyList<(string Name, double Value)> lowerIsBetter)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var figures = lowerIsBetter.ToDictionary(f => f.Name, f => new { value = Math.Round(f.Value, 1), better = "lower" });
        var document = new Dictionary<string, object>
        {
            ["bench"] = bench,
            ["date"] = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
            ["machine"] = $"{Environment.ProcessorCount} cores, {CpuModel()}",
            ["commit"] = Git("rev-parse", "--short", "HEAD"),
            ["load"] = load,
            ["setup"] = setup,
            ["figures"] = figures,
        };
        File.WriteAllText(path, JsonSerializer.Serialize(document, new JsonSerializerOptions { WriteIndented = true }) + "\n");
    }

    private static string CpuModel() => File.ReadLines("/proc/cpuinfo")
        .FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown";

    private static string Git(params string[] args)
    {
        try
        {
            var start = new ProcessStartInfo("git") { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var a in args)
            {
                start.ArgumentList.Add(a);
            }

            using var git = Process.Start(start)!;
            var text = git.StandardOutput.ReadToEnd().Trim();
            git.WaitForExit();
            return git.ExitCode == 0 ? text : "unknown";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "unknown";
        }
    }
}
