using System.Text;
using CsCheck;
using GitGateway.Proxy.Tests.Support;
using GitGateway.Reconciler.Git;

namespace GitGateway.Reconciler.Tests.Git;

/// <summary>
/// The history reader parses git's own output, but the paths in it come from the repository: mutated output is
/// either commits or a <see cref="GitException"/>, never another exception escaping the apply.
/// </summary>
public sealed class FirstParentLogFuzzTests
{
    private static readonly byte[] Sample = Encoding.UTF8.GetBytes(
        "\u0001aaaa1111 \0\n:000000 100644 0000000000 bbbb2222 A\0teams/store/routes/a.yaml\0"
        + "\u0001cccc3333 aaaa1111 dddd4444\0\n:100644 100644 bbbb2222 eeee5555 M\0teams/store/routes/a.yaml\0"
        + ":100644 000000 bbbb2222 0000000000 D\0platform/old.yaml\0");

    [Fact]
    public void Parse_Sample_CommitsWithTheirChanges()
    {
        var commits = FirstParentLog.Parse(Sample);

        Assert.Equal(["aaaa1111", "cccc3333"], commits.Select(c => c.Commit));
        Assert.Equal("aaaa1111", commits[1].FirstParent);
        Assert.Equal([new("teams/store/routes/a.yaml", "eeee5555"), new("platform/old.yaml", null)], commits[1].Changes);
    }

    [Fact]
    public void Parse_EmptyRecord_IsAGitException() =>
        Assert.Throws<GitException>(() => FirstParentLog.Parse("\u0001aaaa1111 \0\0"u8));

    [Fact]
    public void Parse_MutatedOutput_CommitsOrGitExceptionOnly() =>
        Mutations.Of([Sample]).Sample(
            bytes =>
            {
                try
                {
                    _ = FirstParentLog.Parse(bytes);
                }
                catch (GitException)
                {
                    // The typed failure the apply reports and retries.
                }
            },
            iter: Mutations.Iterations(20_000));
}
