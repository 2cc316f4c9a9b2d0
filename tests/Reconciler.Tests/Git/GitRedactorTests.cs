using GitGateway.Reconciler.Git;

namespace GitGateway.Reconciler.Tests.Git;

public sealed class GitRedactorTests
{
    [Theory]
    [InlineData("fatal: unable to access 'https://user:pa55@github.com/acme/x.git/'", "pa55")]
    [InlineData("remote: https://x-access-token:ghs_abcdefghijklmnopqrstuvwxyz0123@github.com", "ghs_abcdefghijklmnopqrstuvwxyz0123")]
    [InlineData("Authorization: Bearer eyJhbGciOi.secret", "eyJhbGciOi.secret")]
    [InlineData("token ghp_ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 leaked", "ghp_ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")]
    public void Redact_TextWithCredential_RemovesIt(string text, string secret)
    {
        var redacted = GitRedactor.Redact(text);

        Assert.DoesNotContain(secret, redacted, StringComparison.Ordinal);
        Assert.Contains("***", redacted, StringComparison.Ordinal);
    }

    [Fact]
    public void Redact_TextWithoutCredential_IsUnchanged()
    {
        const string text = "fatal: couldn't find remote ref refs/heads/main at https://github.com/acme/x.git";

        Assert.Equal(text, GitRedactor.Redact(text));
    }
}
