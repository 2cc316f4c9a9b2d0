using GitGateway.Reconciler.Git;

namespace GitGateway.Reconciler.Tests.Git;

/// <summary>git's own words for each way a fetch fails become one metric label.</summary>
public sealed class FetchFailureReasonTests
{
    [Theory]
    [InlineData("fatal: unable to connect to 127.0.0.1:\n127.0.0.1[0: 127.0.0.1]: errno=Connection refused", "unreachable")]
    [InlineData("fatal: unable to access 'https://git.invalid/r.git/': Could not resolve host: git.invalid", "unreachable")]
    [InlineData("remote: Invalid username or password.\nfatal: Authentication failed for 'https://github.com/o/r.git/'", "auth")]
    [InlineData("fatal: could not read Username for 'https://github.com': terminal prompts disabled", "auth")]
    [InlineData("git@github.com: Permission denied (publickey).\nfatal: Could not read from remote repository.", "auth")]
    [InlineData("remote: Repository not found.\nfatal: repository 'https://github.com/o/gone.git/' not found", "not_found")]
    [InlineData("fatal: '/srv/git/moved.git' does not appear to be a git repository", "not_found")]
    [InlineData("error: something else entirely", "other")]
    public void Of_GitStandardError_NamesTheReason(string standardError, string reason)
    {
        var e = new GitException(GitFailure.CommandFailed, "git fetch exited with 128", 128, standardError);

        Assert.Equal(reason, FetchFailureReason.Of(e));
    }

    [Fact]
    public void Of_TimedOut_IsTimeout()
    {
        Assert.Equal("timeout", FetchFailureReason.Of(new GitException(GitFailure.TimedOut, "git fetch did not finish within 30 s and was stopped")));
    }
}
