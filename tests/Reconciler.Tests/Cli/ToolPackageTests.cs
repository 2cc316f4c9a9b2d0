using System.Diagnostics;
using GitGateway.Fixtures;

namespace GitGateway.Reconciler.Tests.Cli;

/// <summary>
/// The README's install path, for real: <c>dotnet pack src/Reconciler</c>, <c>dotnet tool install</c> from that
/// folder into a temporary tool path, then the installed <c>gitgateway --help</c> and <c>--version</c>.
/// </summary>
public sealed class ToolPackageTests
{
    private static readonly TimeSpan StepTimeout = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task Pack_ThenToolInstall_InstalledCommandRunsHelpAndVersion()
    {
        using var dir = new TempDirectory();
        var project = Path.Combine(RepoPaths.Root, "src", "Reconciler");
        var packages = Path.Combine(dir.Path, "packages");
        var tools = Path.Combine(dir.Path, "tools");

        // The tests run on a Release build: pack what it built rather than building again.
        var built = File.Exists(Path.Combine(project, "bin", "Release", "net10.0", "gitgateway.dll"));
        string[] pack = built ? ["pack", project, "-c", "Release", "--no-build", "-o", packages] : ["pack", project, "-c", "Release", "-o", packages];
        await RunAsync("dotnet", pack);
        await RunAsync("dotnet", "tool", "install", "gitgateway", "--tool-path", tools, "--add-source", packages, "--version", "0.1.0");
        var help = await RunAsync(Path.Combine(tools, "gitgateway"), "--help");
        var version = await RunAsync(Path.Combine(tools, "gitgateway"), "--version");

        Assert.Contains("Usage:", help, StringComparison.Ordinal);
        Assert.Contains("render", help, StringComparison.Ordinal);
        Assert.StartsWith("0.1.0", version, StringComparison.Ordinal);
    }

    private static async Task<string> RunAsync(string program, params string[] args)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(info)!;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(StepTimeout);
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        Assert.True(process.ExitCode == 0, $"{program} {string.Join(' ', args)} exited {process.ExitCode}: {await stderr}{await stdout}");
        return await stdout;
    }
}
