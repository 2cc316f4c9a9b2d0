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
        + ":100644 000000 bbbb2222 0000000000 D\0platform/old.yaml\0"
        + ":000000 120000 0000000000 ffff6666 A\0link.yaml\0:000000 160000 0000000000 9999aaaa A\0vendor/sub\0");

    [Fact]
    public void Parse_Sample_CommitsWithTheirChanges()
    {
        var commits = FirstParentLog.Parse(Sample);

        Assert.Equal(["aaaa1111", "cccc3333"], commits.Select(c => c.Commit));
        Assert.Equal("aaaa1111", commits[1].FirstParent);
        Assert.Equal(
            [new("teams/store/routes/a.yaml", "eeee5555", "100644", "eeee5555"), new("platform/old.yaml", null), new("link.yaml", null, "120000", "ffff6666"), new("vendor/sub", null, "160000", "9999aaaa")],
            commits[1].Changes);
    }

    [Fact]
    public void Feed_SampleInPiecesOfEveryLength_SameCommitsAsParsedWhole()
    {
        var whole = Describe(FirstParentLog.Parse(Sample));

        Assert.All(Enumerable.Range(1, Sample.Length), piece => Assert.Equal(whole, Describe(FedInPieces(Sample, piece))));
    }

    [Fact]
    public void Feed_MutatedOutputInPieces_SameOutcomeAsParsedWhole() =>
        Mutations.Of([Sample]).Select(Gen.Int[1, 40]).Sample(
            (bytes, piece) => Assert.Equal(Outcome(() => FirstParentLog.Parse(bytes)), Outcome(() => FedInPieces(bytes, piece))),
            iter: Mutations.Iterations(5_000));

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

    // What FirstParentLog.StreamAsync does with git's output arriving piece bytes at a time: the unparsed tail waits for more.
    private static List<(string Commit, string? FirstParent, List<FirstParentLog.Change> Changes)> FedInPieces(byte[] output, int piece)
    {
        var parser = new FirstParentLogParser();
        var commits = new List<(string, string?, List<FirstParentLog.Change>)>();
        var pending = new List<byte>();
        foreach (var chunk in output.Chunk(piece))
        {
            pending.AddRange(chunk);
            pending.RemoveRange(0, parser.Feed(pending.ToArray(), final: false));
            commits.AddRange(parser.Completed);
            parser.Completed.Clear();
        }

        parser.Feed(pending.ToArray(), final: true);
        commits.AddRange(parser.Completed);
        return commits;
    }

    private static string Describe(List<(string Commit, string? FirstParent, List<FirstParentLog.Change> Changes)> commits) =>
        string.Join('\n', commits.Select(c => $"{c.Commit} {c.FirstParent ?? "-"}: " + string.Join(", ", c.Changes.Select(x => $"{x.Path}={x.NewBlob ?? "-"}"))));

    // The commits parsed, or that git's output was refused.
    private static string Outcome(Func<List<(string Commit, string? FirstParent, List<FirstParentLog.Change> Changes)>> parse)
    {
        try
        {
            return Describe(parse());
        }
        catch (GitException)
        {
            return "GitException";
        }
    }
}
