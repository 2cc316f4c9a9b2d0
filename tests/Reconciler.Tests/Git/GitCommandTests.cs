using GitGateway.Reconciler.Git;

namespace GitGateway.Reconciler.Tests.Git;

public sealed class GitCommandTests
{
    [Fact]
    public async Task Execute_CommandOutlivesTimeout_StopsGitAndThrowsTimedOut()
    {
        using var temp = TempGitRepository.Create();
        var git = new GitCli(gracePeriod: TimeSpan.FromSeconds(1));
        // cat-file --batch waits for input forever; nothing is written, so only the timeout ends it.
        await using var process = git.Command("cat-file", "--batch").WithWorkingDirectory(temp.Path)
            .WithTimeout(TimeSpan.FromMilliseconds(300)).Start(TestContext.Current.CancellationToken);

        var error = await Assert.ThrowsAsync<GitException>(() => process.WaitForExitAsync(TestContext.Current.CancellationToken));

        Assert.Equal(GitFailure.TimedOut, error.Failure);
    }

    [Fact]
    public async Task Execute_CallerCancels_ThrowsOperationCanceled()
    {
        using var temp = TempGitRepository.Create();
        var git = new GitCli(gracePeriod: TimeSpan.FromSeconds(1));
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        await using var process = git.Command("cat-file", "--batch").WithWorkingDirectory(temp.Path).Start(cts.Token);

        cts.CancelAfter(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => process.WaitForExitAsync(CancellationToken.None));
    }

    [Fact]
    public async Task ExecuteChecked_FailingCommandWithCredentials_MessageHasNoSecret()
    {
        using var temp = TempGitRepository.Create();
        var git = new GitCli(defaultTimeout: TimeSpan.FromSeconds(20));
        // Port 1 on loopback refuses at once; git names the URL in its error.
        var command = git.Command("ls-remote", "https://deploy:s3cr3t-token@127.0.0.1:1/acme/config.git").WithWorkingDirectory(temp.Path);

        var error = await Assert.ThrowsAsync<GitException>(() => command.ExecuteCheckedAsync(TestContext.Current.CancellationToken));

        Assert.DoesNotContain("s3cr3t-token", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr3t-token", error.StandardError, StringComparison.Ordinal);
        Assert.Contains("127.0.0.1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void With_ChangesACopy_LeavesOriginalUnchanged()
    {
        var git = new GitCli();
        var original = git.Command("status");

        var changed = original.AddArguments("--short").WithTimeout(TimeSpan.FromSeconds(5)).WithWorkingDirectory("/tmp");

        Assert.Equal(["status"], original.Arguments);
        Assert.Null(original.WorkingDirectory);
        Assert.Equal(["status", "--short"], changed.Arguments);
        Assert.Equal(TimeSpan.FromSeconds(5), changed.Timeout);
    }

    [Fact]
    public async Task Execute_MissingProgram_ThrowsNotInstalled()
    {
        var git = new GitCli(executable: "/nonexistent/git");

        var error = await Assert.ThrowsAsync<GitException>(() => git.Command("version").ExecuteAsync(TestContext.Current.CancellationToken));

        Assert.Equal(GitFailure.NotInstalled, error.Failure);
    }
}
