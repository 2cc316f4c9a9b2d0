using System.Diagnostics;

namespace GitGateway.Reconciler.Tests.Cli;

/// <summary>
/// <c>gitgateway-cli</c> as a program against <c>gitgateway</c> as a program, on the same command lines: the same
/// exit code, standard output and standard error (the usage line names the program, so <c>gitgateway-cli</c> reads
/// as <c>gitgateway</c> there). The built <c>gitgateway-cli.dll</c>, or with GITGATEWAY_CLI_BINARY=PATH a published
/// binary instead, the Native AOT one (<c>dotnet publish src/Cli -c Release -r linux-x64 --self-contained</c>), which
/// CI cannot afford to build.
/// </summary>
public sealed class CliOnlyProgramTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(2);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public Task Program_FixtureRepositories_SameExitCodesAndOutputsAsGitgateway() =>
        Environment.GetEnvironmentVariable("GITGATEWAY_CLI_BINARY") is { Length: > 0 } binary
            ? CompareAsync(Path.GetFullPath(binary), [])
            : CompareAsync("dotnet", [Path.Combine(AppContext.BaseDirectory, "gitgateway-cli.dll")]);

    private static async Task CompareAsync(string program, string[] prefix)
    {
        var gitgateway = Path.Combine(AppContext.BaseDirectory, "gitgateway.dll");
        using var cases = new CliOnlyCases();
        foreach (var args in cases.All().Append(["render", "--help"]))
        {
            var expected = await RunAsync("dotnet", [gitgateway, .. args]);
            var actual = await RunAsync(program, [.. prefix, .. args]);

            Assert.True(expected == actual, $"{string.Join(' ', args)}: gitgateway exited {expected.ExitCode}, {program} {actual.ExitCode}\n{actual.Output}{actual.Error}");
        }

        var version = await RunAsync(program, [.. prefix, "--version"]);
        var fullVersion = await RunAsync("dotnet", [gitgateway, "--version"]);
        Assert.Equal(0, version.ExitCode);
        Assert.Equal(fullVersion.Output.Split('+')[0].Trim(), version.Output.Split('+')[0].Trim());

        var serve = await RunAsync(program, [.. prefix, "serve", "--config", "config.yaml"]);
        Assert.Equal(2, serve.ExitCode);
        Assert.Contains("serve", serve.Error, StringComparison.Ordinal);
    }

    // Runs PROGRAM ARGS in a scratch directory within the time limit; the process is killed by its id on time-out.
    private static async Task<(int ExitCode, string Output, string Error)> RunAsync(string program, string[] args)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetTempPath() };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        using var process = Process.Start(info)!;
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(Token);
        limit.CancelAfter(Limit);
        try
        {
            var output = process.StandardOutput.ReadToEndAsync(limit.Token);
            var error = process.StandardError.ReadToEndAsync(limit.Token);
            await process.WaitForExitAsync(limit.Token);
            return (process.ExitCode, Named(await output), Named(await error));
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
    }

    private static string Named(string text) => text.Replace("gitgateway-cli", "gitgateway", StringComparison.Ordinal);
}
