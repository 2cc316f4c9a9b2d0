using System.Diagnostics;
using System.Text;

namespace GitGateway.Reconciler.Git;

/// <summary>
/// A running git process with piped input and output. Standard error is captured in the background (bounded).
/// Stopping is two-phase, as in CliWrap: SIGTERM lets git remove its lock and temporary files, and after the
/// CLI's grace period the whole process tree is killed. Cancellation and the command's timeout both stop it;
/// reads and waits then throw <see cref="OperationCanceledException"/> or a <see cref="GitException"/> with
/// <see cref="GitFailure.TimedOut"/>.
/// </summary>
public sealed class GitProcess : IAsyncDisposable
{
    private const int MaxStandardErrorChars = 64 * 1024;

    private readonly GitCommand _command;
    private readonly Process _process;
    private readonly CancellationToken _caller;
    private readonly CancellationTokenSource _timeout;
    private readonly CancellationTokenRegistration _onCancel;
    private readonly CancellationTokenRegistration _onTimeout;
    private readonly Task<string> _standardError;
    private readonly long _started;
    private readonly Lock _gate = new();
    private Task? _stopping;
    private volatile bool _stopRequested;

    internal GitProcess(GitCommand command, Process process, CancellationToken cancellationToken)
    {
        _command = command;
        _process = process;
        _caller = cancellationToken;
        _started = command.Cli.TimeProvider.GetTimestamp();
        _standardError = ReadBoundedAsync(process.StandardError);
        _timeout = new CancellationTokenSource(command.Timeout, command.Cli.TimeProvider);
        _onCancel = cancellationToken.Register(() => StopAsync());
        _onTimeout = _timeout.Token.Register(() => StopAsync());
    }

    /// <summary>git's standard input.</summary>
    public Stream Input => _process.StandardInput.BaseStream;

    /// <summary>git's standard output.</summary>
    public Stream Output => _process.StandardOutput.BaseStream;

    /// <summary>What git wrote to standard error so far (complete once <see cref="WaitForExitAsync"/> returns).</summary>
    public string StandardError => _standardError.IsCompletedSuccessfully ? _standardError.Result : "";

    /// <summary>Reads standard output; 0 at the end. Throws if the process was stopped by cancellation or timeout.</summary>
    public async ValueTask<int> ReadOutputAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        int read;
        try
        {
            read = await Output.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
        catch (IOException) when (IsStopped)
        {
            read = 0;
        }

        if (read == 0)
        {
            ThrowIfStopped();
        }

        return read;
    }

    /// <summary>
    /// Writes <paramref name="lines"/> to git's standard input, each ended by a line feed, and closes it, off the caller's
    /// thread: the caller reads the output meanwhile, so the pipes never fill both ways (a deadlock when all is written
    /// before reading). Input that git closed early is not reported here: the reading side says why git stopped.
    /// </summary>
    public async Task WriteLinesAsync(IReadOnlyList<string> lines, CancellationToken cancellationToken)
    {
        await Task.Yield();
        try
        {
            await using (Input.ConfigureAwait(false))
            {
                await Input.WriteAsync(Encoding.ASCII.GetBytes(string.Join('\n', lines) + "\n"), cancellationToken).ConfigureAwait(false);
            }
        }
        catch (IOException)
        {
            // git exited (or was stopped because the reader gave up).
        }
    }

    /// <summary>Waits for git to exit and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(CancellationToken cancellationToken)
    {
        await _process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        ThrowIfStopped();
        await _standardError.ConfigureAwait(false);
        return _process.ExitCode;
    }

    /// <summary>The exception for a non-zero exit, with git's (redacted) standard error.</summary>
    public GitException Failed(int exitCode) => _command.Failed(exitCode, StandardError);

    /// <summary>Stops git: SIGTERM, then after the grace period SIGKILL to the whole tree. Safe to call twice.</summary>
    public Task StopAsync()
    {
        lock (_gate)
        {
            // Set before the signal: git may exit, and a waiter resume, before StopCoreAsync returns its task.
            _stopRequested = true;
            return _stopping ??= StopCoreAsync();
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _onCancel.DisposeAsync().ConfigureAwait(false);
        await _onTimeout.DisposeAsync().ConfigureAwait(false);
        if (!_process.HasExited)
        {
            await StopAsync().ConfigureAwait(false);
        }
        else if (_stopping is not null)
        {
            await _stopping.ConfigureAwait(false);
        }

        var elapsed = _command.Cli.TimeProvider.GetElapsedTime(_started);
        GitLog.Exited(_command.Cli.Logger, _command, _process.ExitCode, (long)elapsed.TotalMilliseconds);
        _process.Dispose();
        _timeout.Dispose();
    }

    private bool IsStopped => _stopRequested;

    private void ThrowIfStopped()
    {
        if (!IsStopped)
        {
            return;
        }

        _caller.ThrowIfCancellationRequested();
        if (_timeout.IsCancellationRequested)
        {
            throw new GitException(GitFailure.TimedOut, $"{_command} did not finish within {_command.Timeout.TotalSeconds:0.###} s and was stopped");
        }
    }

    private async Task StopCoreAsync()
    {
        if (_process.HasExited)
        {
            return;
        }

        GitLog.Stopping(_command.Cli.Logger, _command, _process.Id);
        if (!OperatingSystem.IsWindows())
        {
            UnixSignals.Terminate(_process.Id);
            using var grace = new CancellationTokenSource(_command.Cli.GracePeriod, _command.Cli.TimeProvider);
            try
            {
                await _process.WaitForExitAsync(grace.Token).ConfigureAwait(false);
                return;
            }
            catch (OperationCanceledException)
            {
                // git ignored SIGTERM within the grace period: kill it below.
            }
        }

        try
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (InvalidOperationException)
        {
            // It exited between the check and the kill.
        }
    }

    private static async Task<string> ReadBoundedAsync(StreamReader reader)
    {
        var text = new StringBuilder();
        var buffer = new char[4096];
        int read;
        while ((read = await reader.ReadAsync(buffer, CancellationToken.None).ConfigureAwait(false)) > 0)
        {
            var room = MaxStandardErrorChars - text.Length;
            text.Append(buffer, 0, Math.Min(room, read));
        }

        return text.ToString();
    }
}
