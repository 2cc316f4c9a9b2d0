namespace GitGateway.Reconciler.Git;

/// <summary>
/// Why a Git command failed, so callers can decide what to do (after Flux's typed errors): a bad revision or a
/// missing repository will not fix itself (wait for a new commit); a timeout may be retried.
/// </summary>
public enum GitFailure
{
    /// <summary>git exited with a non-zero code for another reason.</summary>
    CommandFailed,

    /// <summary>The revision does not name a commit in the repository.</summary>
    UnknownRevision,

    /// <summary>The path is not a Git repository.</summary>
    NotARepository,

    /// <summary>The command ran longer than its timeout and was stopped.</summary>
    TimedOut,

    /// <summary>git wrote more output than the command allows.</summary>
    OutputTooLarge,

    /// <summary>The <c>git</c> program could not be started.</summary>
    NotInstalled,
}
