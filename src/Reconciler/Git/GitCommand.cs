using System.Collections.Immutable;
using System.ComponentModel;
using System.Diagnostics;

namespace GitGateway.Reconciler.Git;

/// <summary>
/// One git invocation, immutable (after CliWrap's command object): arguments as a list (no shell, so no quoting
/// and no injection), a working directory, a timeout and an output bound. <c>With*</c> returns a copy.
/// <see cref="ExecuteAsync"/> buffers the output; <see cref="Start"/> streams it.
/// </summary>
public sealed class GitCommand
{
    /// <summary>The default bound on buffered standard output (64 MiB).</summary>
    public const long DefaultMaxOutputBytes = 64L * 1024 * 1024;

    internal GitCommand(GitCli cli, ImmutableArray<string> arguments, string? workingDirectory, TimeSpan timeout, long maxOutputBytes)
    {
        Cli = cli;
        Arguments = arguments;
        WorkingDirectory = workingDirectory;
        Timeout = timeout;
        MaxOutputBytes = maxOutputBytes;
    }

    /// <summary>The CLI settings this command runs with.</summary>
    public GitCli Cli { get; }

    /// <summary>The arguments after <c>git</c>.</summary>
    public ImmutableArray<string> Arguments { get; }

    /// <summary>The working directory, or null for the current one.</summary>
    public string? WorkingDirectory { get; }

    /// <summary>How long the command may run before it is stopped.</summary>
    public TimeSpan Timeout { get; }

    /// <summary>The most standard output <see cref="ExecuteAsync"/> buffers.</summary>
    public long MaxOutputBytes { get; }

    /// <summary>A copy with more arguments appended.</summary>
    public GitCommand AddArguments(params IEnumerable<string> arguments) =>
        new(Cli, Arguments.AddRange(arguments), WorkingDirectory, Timeout, MaxOutputBytes);

    /// <summary>A copy that runs in <paramref name="directory"/>.</summary>
    public GitCommand WithWorkingDirectory(string directory) => new(Cli, Arguments, directory, Timeout, MaxOutputBytes);

    /// <summary>A copy with another timeout.</summary>
    public GitCommand WithTimeout(TimeSpan timeout) => new(Cli, Arguments, WorkingDirectory, timeout, MaxOutputBytes);

    /// <summary>A copy with another output bound.</summary>
    public GitCommand WithMaxOutputBytes(long bytes) => new(Cli, Arguments, WorkingDirectory, Timeout, bytes);

    /// <summary>The command as one line for logs and messages (redacted).</summary>
    public override string ToString() => GitRedactor.Redact("git " + string.Join(' ', Arguments));

    /// <summary>
    /// Runs the command to the end and returns its output, whatever the exit code. Throws
    /// <see cref="GitException"/> on timeout, oversized output or a missing git, and
    /// <see cref="OperationCanceledException"/> when <paramref name="cancellationToken"/> fires.
    /// </summary>
    public Task<GitResult> ExecuteAsync(CancellationToken cancellationToken) => RunAsync(exitZero: false, Itself, cancellationToken);

    /// <summary>Runs the command and throws <see cref="GitException"/> unless it exits with 0.</summary>
    public Task<GitResult> ExecuteCheckedAsync(CancellationToken cancellationToken) => RunAsync(exitZero: true, Itself, cancellationToken);

    private static GitResult Itself(GitResult result) => result;

    /// <summary>
    /// Runs the command as <see cref="ExecuteCheckedAsync"/> (<paramref name="exitZero"/>) or <see cref="ExecuteAsync"/>
    /// does and returns its result mapped by <paramref name="map"/> once git is done (what it throws is the task's).
    /// Both of those are this one state machine: each async method is one more set of generic code the JIT compiles at
    /// start, and over a reference type T this one is shared, so a caller that maps the output
    /// (<see cref="GitRepository.ResolveCommitAsync"/>) needs no state machine of its own.
    /// </summary>
    internal async Task<T> RunAsync<T>(bool exitZero, Func<GitResult, T> map, CancellationToken cancellationToken)
        where T : class?
    {
        GitResult result;
        await using (var process = Start(cancellationToken))
        {
            process.Input.Close();
            using var output = new MemoryStream();
            var buffer = new byte[81920];
            int read;
            while ((read = await process.ReadOutputAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (output.Length + read > MaxOutputBytes)
                {
                    await process.StopAsync().ConfigureAwait(false);
                    throw new GitException(GitFailure.OutputTooLarge, $"{this}: output exceeds {MaxOutputBytes} bytes");
                }

                output.Write(buffer, 0, read);
            }

            var exitCode = await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            if (exitZero && exitCode != 0)
            {
                throw Failed(exitCode, process.StandardError);
            }

            result = new GitResult(exitCode, output.ToArray(), process.StandardError);
        }

        return map(result);
    }

    /// <summary>
    /// Starts the command with piped standard input and output for streaming (e.g. <c>cat-file --batch</c>).
    /// Dispose the process to stop it; cancellation and the timeout stop it too (SIGTERM, then SIGKILL).
    /// </summary>
    public GitProcess Start(CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(Cli.Executable)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            CreateNoWindow = true,
        };
        foreach (var argument in Arguments)
        {
            info.ArgumentList.Add(argument);
        }

        if (WorkingDirectory is not null)
        {
            info.WorkingDirectory = WorkingDirectory;
        }

        foreach (var (name, value) in Cli.Environment)
        {
            if (value is null)
            {
                info.Environment.Remove(name);
            }
            else
            {
                info.Environment[name] = value;
            }
        }

        var process = new Process { StartInfo = info };
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            process.Dispose();
            throw new GitException(GitFailure.NotInstalled, $"cannot start '{Cli.Executable}': {e.Message}; install git", inner: e);
        }

        GitLog.Started(Cli.Logger, this, process.Id);
        return new GitProcess(this, process, cancellationToken);
    }

    internal GitException Failed(int exitCode, string standardError)
    {
        var failure = standardError.Contains("not a git repository", StringComparison.OrdinalIgnoreCase)
            ? GitFailure.NotARepository
            : GitFailure.CommandFailed;
        var detail = standardError.Trim();
        return new GitException(failure, $"{this} exited with {exitCode}{(detail.Length > 0 ? ": " + detail : "")}", exitCode, standardError);
    }
}
