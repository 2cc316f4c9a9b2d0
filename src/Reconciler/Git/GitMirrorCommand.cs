namespace GitGateway.Reconciler.Git;

/// <summary>
/// Runs <c>git</c> against a mirror's directory through the shared <see cref="GitCli"/> (timeout, SIGTERM then
/// SIGKILL, redacted errors), with the mirror's credentials in the environment and no system or global config.
/// Failures surface as <see cref="GitMirrorException"/> with credentials stripped.
/// </summary>
internal sealed class GitMirrorCommand(string gitDir, GitCredentials credentials, TimeSpan timeout)
{
    private readonly GitCli _cli = new(defaultTimeout: timeout, environment: Environment(credentials));

    public async Task<byte[]> RunAsync(IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        try
        {
            var result = await _cli.Command(["--git-dir=" + gitDir, .. args]).ExecuteCheckedAsync(cancellationToken);
            return result.StandardOutput;
        }
        catch (GitException e)
        {
            throw new GitMirrorException(credentials.Sanitize(e.Message), FetchFailureReason.Of(e));
        }
    }

    private static Dictionary<string, string?> Environment(GitCredentials credentials)
    {
        var environment = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["GIT_CONFIG_NOSYSTEM"] = "1",
            ["GIT_CONFIG_GLOBAL"] = "/dev/null",
        };
        credentials.AddTo(environment);
        return environment;
    }
}
