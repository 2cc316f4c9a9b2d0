using System.Diagnostics;

namespace GitGateway.Architecture.Tests;

/// <summary>
/// The benches' regression gate (<c>bench/compare.sh</c>) on small results kept next to this test: a figure more
/// than 5% worse in its own direction fails the comparison, a better or unchanged one does not.
/// </summary>
public sealed class BenchCompareTests
{
    private static readonly string Root = FindRoot();

    [Fact]
    public async Task Compare_FiguresWorseByMoreThanFivePercentInTheirDirection_FlaggedAndExitsOne()
    {
        var (exit, output) = await CompareAsync("before.json", "worse.json");

        Assert.Equal(1, exit);
        Assert.Contains("WORSE", Line(output, "requests_per_s"), StringComparison.Ordinal); // 100 -> 94, higher is better
        Assert.Contains("WORSE", Line(output, "failed_requests"), StringComparison.Ordinal); // 0 -> 3, lower is better
        Assert.Contains("better", Line(output, "ready_ms"), StringComparison.Ordinal); // 1000 -> 900, lower is better
        Assert.Contains("2 figure(s) worse", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Compare_EveryFigureWithinFivePercent_ExitsZero()
    {
        var (exit, output) = await CompareAsync("before.json", "within.json");

        Assert.Equal(0, exit);
        Assert.DoesNotContain("WORSE", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Compare_ImprovementReadBackwards_IsARegression()
    {
        var (exit, _) = await CompareAsync("worse.json", "before.json");

        Assert.Equal(1, exit); // ready_ms 900 -> 1000 is 11% worse
    }

    [Fact]
    public async Task Compare_NotABenchResult_ExitsTwo()
    {
        var (exit, _) = await CompareAsync("before.json", "../Architecture.Tests.csproj");

        Assert.Equal(2, exit);
    }

    private static string Line(string output, string figure) =>
        output.Split('\n').Single(l => l.StartsWith(figure + " ", StringComparison.Ordinal));

    private static async Task<(int Exit, string Output)> CompareAsync(string a, string b)
    {
        var fixtures = Path.Combine(Root, "tests", "Architecture.Tests", "BenchResults");
        var start = new ProcessStartInfo("bash", [Path.Combine(Root, "bench", "compare.sh"), Path.Combine(fixtures, a), Path.Combine(fixtures, b)])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        bound.CancelAfter(TimeSpan.FromSeconds(60));
        var output = process.StandardOutput.ReadToEndAsync(bound.Token);
        var errors = process.StandardError.ReadToEndAsync(bound.Token);
        await process.WaitForExitAsync(bound.Token);
        return (process.ExitCode, await output + await errors);
    }

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "GitGateway.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("GitGateway.sln not found above " + AppContext.BaseDirectory);
    }
}
