namespace GitGateway.Reconciler.Git;

/// <summary>
/// A Git command that failed. The message and <see cref="StandardError"/> have credentials stripped
/// (<see cref="GitRedactor"/>), so they can be logged and shown on a pull request.
/// </summary>
public sealed class GitException : Exception
{
    /// <summary>Creates the exception; <paramref name="message"/> and <paramref name="standardError"/> are redacted here.</summary>
    public GitException(GitFailure failure, string message, int? exitCode = null, string standardError = "", Exception? inner = null)
        : base(GitRedactor.Redact(message), inner)
    {
        Failure = failure;
        ExitCode = exitCode;
        StandardError = GitRedactor.Redact(standardError);
    }

    /// <summary>What kind of failure this is.</summary>
    public GitFailure Failure { get; }

    /// <summary>git's exit code, when it ran to the end.</summary>
    public int? ExitCode { get; }

    /// <summary>What git wrote to standard error (bounded, redacted).</summary>
    public string StandardError { get; }
}
