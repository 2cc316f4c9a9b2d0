using System.Diagnostics;
using System.Text;

namespace GitGateway.Reconciler.Git;

/// <summary>
/// Runs one <c>git</c> command with a timeout: no terminal prompts, no system or global config, output captured;
/// on timeout or cancellation the process tree is killed. Errors are sanitized before they leave.
/// </summary>
internal sealed class GitMirrorCommand(string gitDir, GitCredentials credentials, TimeSpan timeout)
{
    public async Task<byte[]> RunAsync(IReadOnlyList<string> args, CancellationToken cancellationToken, Func<Stream, Task>? stdin = null)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
        using var process = new Process { StartInfo = StartInfo(args, stdin is not null) };
        process.Start();
        var stdout = new MemoryStream();
        var copyOut = process.StandardOutput.BaseStream.CopyToAsync(stdout, cts.Token);
        var readErr = process.StandardError.ReadToEndAsync(cts.Token);
        try
        {
            if (stdin is not null)
            {
                await stdin(process.StandardInput.BaseStream);
                process.StandardInput.Close();
            }

            await Task.WhenAll(copyOut, readErr, process.WaitForExitAsync(cts.Token));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            process.Kill(entireProcessTree: true);
            throw new GitMirrorException($"git {args[0]} timed out after {timeout.TotalSeconds:0.#} s");
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        if (process.ExitCode != 0)
        {
            var error = credentials.Sanitize((await readErr).Trim());
            throw new GitMirrorException($"git {credentials.Sanitize(string.Join(' ', args.Take(2)))} failed ({process.ExitCode}): {error}");
        }

        return stdout.ToArray();
    }

    public async Task<string> RunTextAsync(IReadOnlyList<string> args, CancellationToken cancellationToken) =>
        Encoding.UTF8.GetString(await RunAsync(args, cancellationToken)).Trim();

    private ProcessStartInfo StartInfo(IReadOnlyList<string> args, bool redirectIn)
    {
        var info = new ProcessStartInfo("git")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = redirectIn,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("--git-dir=" + gitDir);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["GIT_TERMINAL_PROMPT"] = "0";
        info.Environment["GIT_CONFIG_NOSYSTEM"] = "1";
        info.Environment["GIT_CONFIG_GLOBAL"] = "/dev/null";
        info.Environment["LC_ALL"] = "C";
        credentials.AddTo(info.Environment);
        return info;
    }
}
