using System.Collections.Immutable;
using Microsoft.Extensions.Logging.Abstractions;

namespace GitGateway.Reconciler.Git;

/// <summary>
/// The <c>git</c> program and how every command runs: a fixed environment (no prompts, C locale, no optional
/// locks, no inherited <c>GIT_DIR</c>-style variables that would point git elsewhere), a default timeout, and the
/// grace period between asking git to stop (SIGTERM) and killing it. Immutable and shareable; commands are
/// made with <see cref="Command"/>.
/// </summary>
public sealed class GitCli
{
    // Variables that redirect git to another repository, index or object store: a caller's environment (a Git
    // hook, a CI job) must not change what we read.
    private static readonly string[] ScrubbedVariables =
    [
        "GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY", "GIT_ALTERNATE_OBJECT_DIRECTORIES",
        "GIT_NAMESPACE", "GIT_COMMON_DIR", "GIT_CONFIG", "GIT_CONFIG_PARAMETERS", "GIT_CONFIG_COUNT",
    ];

    /// <summary>Creates the CLI wrapper.</summary>
    /// <param name="executable">The git program (a name on PATH or a full path).</param>
    /// <param name="defaultTimeout">How long a command may run unless it says otherwise.</param>
    /// <param name="gracePeriod">How long git has to exit after SIGTERM before it is killed.</param>
    /// <param name="environment">Extra variables (e.g. <c>GIT_SSH_COMMAND</c> for a mirror); null values remove one.</param>
    /// <param name="timeProvider">The clock timeouts run on.</param>
    /// <param name="logger">Where command starts and ends are logged at Debug.</param>
    public GitCli(
        string executable = "git",
        TimeSpan? defaultTimeout = null,
        TimeSpan? gracePeriod = null,
        IReadOnlyDictionary<string, string?>? environment = null,
        TimeProvider? timeProvider = null,
        ILogger<GitCli>? logger = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(executable);
        Executable = executable;
        DefaultTimeout = defaultTimeout ?? TimeSpan.FromMinutes(2);
        GracePeriod = gracePeriod ?? TimeSpan.FromSeconds(3);
        TimeProvider = timeProvider ?? TimeProvider.System;
        Logger = logger ?? NullLogger<GitCli>.Instance;
        var env = ImmutableDictionary.CreateBuilder<string, string?>(StringComparer.Ordinal);
        foreach (var name in ScrubbedVariables)
        {
            env[name] = null;
        }

        env["GIT_TERMINAL_PROMPT"] = "0";
        env["GIT_OPTIONAL_LOCKS"] = "0";
        env["LC_ALL"] = "C";
        foreach (var (name, value) in environment ?? ImmutableDictionary<string, string?>.Empty)
        {
            env[name] = value;
        }

        Environment = env.ToImmutable();
    }

    /// <summary>The git program.</summary>
    public string Executable { get; }

    /// <summary>The timeout of a command that does not set its own.</summary>
    public TimeSpan DefaultTimeout { get; }

    /// <summary>Time between SIGTERM and SIGKILL when a command is cancelled or times out.</summary>
    public TimeSpan GracePeriod { get; }

    /// <summary>The variables set (or, when null, removed) for every command.</summary>
    public ImmutableDictionary<string, string?> Environment { get; }

    /// <summary>The clock for timeouts and durations.</summary>
    public TimeProvider TimeProvider { get; }

    internal ILogger<GitCli> Logger { get; }

    /// <summary>A command with these arguments (passed as a list, never through a shell).</summary>
    public GitCommand Command(params IEnumerable<string> arguments) =>
        new(this, [.. arguments], workingDirectory: null, DefaultTimeout, GitCommand.DefaultMaxOutputBytes);
}
