namespace GitGateway.Reconciler.Git;

/// <summary>The outcome of a Git command that ran to the end.</summary>
/// <param name="ExitCode">git's exit code.</param>
/// <param name="StandardOutput">Everything git wrote to standard output.</param>
/// <param name="StandardError">What git wrote to standard error (bounded, not yet redacted).</param>
public sealed record GitResult(int ExitCode, byte[] StandardOutput, string StandardError)
{
    /// <summary>Standard output as UTF-8 text without the trailing newline.</summary>
    public string OutputText => System.Text.Encoding.UTF8.GetString(StandardOutput).TrimEnd('\n');
}
