using System.Text;
using GitGateway.Reconciler.Git;
using GitGateway.Renderer.Diagnostics;
using GitGateway.Renderer.Rendering;

namespace GitGateway.Reconciler.Tests.Git;

/// <summary>
/// The repository's caps on files and bytes hold while the tree is listed, before any content is read: past a cap
/// only gitgateway.yaml is read and one <c>LimitExceeded</c> per cap gives the configured and the exact actual value.
/// </summary>
public sealed class GitTreeReaderLimitTests
{
    private static readonly GitCli Git = new(defaultTimeout: TimeSpan.FromSeconds(60));

    private static string Config(string limits) =>
        $"apiVersion: gitgateway.dev/v1alpha1\nkind: GitGatewayConfig\nmetadata: {{name: config}}\nspec:\n  limits:\n    repository: {limits}\n";

    [Fact]
    public async Task Read_RepositoryOverItsFileCap_ReadsOnlyTheConfigAndReportsTheExactCount()
    {
        using var temp = TempGitRepository.Create();
        temp.Write("gitgateway.yaml", Config("{files: 5}"));
        for (var i = 0; i < 12; i++)
        {
            temp.Write($"teams/t/routes/r{i:00}.yaml", $"r: {i}\n");
        }

        var result = await Read(temp, temp.Commit("too many files"));

        Assert.True(result.OverRepositoryCap);
        Assert.Equal(["gitgateway.yaml"], result.Files.Select(f => f.Path));
        var d = Assert.Single(result.Diagnostics);
        Assert.Equal((DiagnosticSeverity.Error, DiagnosticCodes.LimitExceeded, "gitgateway.yaml", 5), (d.Severity, d.Code, d.File, d.Line));
        Assert.StartsWith("the repository has 13 manifest files, over its limit of 5 (spec.limits.repository.files in gitgateway.yaml); "
            + "the first over it is teams/t/routes/r04.yaml:1:1", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Read_RepositoryOverItsByteCap_OneErrorNamingTheBytes()
    {
        using var temp = TempGitRepository.Create();
        temp.Write("gitgateway.yaml", Config("{bytes: 1000}"));
        temp.Write("a.yaml", new string('#', 900) + "\n");
        temp.Write("b.yaml", new string('#', 900) + "\n");

        var result = await Read(temp, temp.Commit("too many bytes"));

        Assert.Equal(["gitgateway.yaml"], result.Files.Select(f => f.Path));
        var d = Assert.Single(result.Diagnostics);
        Assert.Contains("bytes of manifest files, over its limit of 1000 (spec.limits.repository.bytes in gitgateway.yaml); the first over it is b.yaml:1:1", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Read_HundredThousandFilesOverTheDefaultCap_NoContentReadAndTheCountExact()
    {
        // 100,000 tree entries (and gitgateway.yaml) sharing one blob whose object is then damaged: reading any of their content would
        // fail, so the refusal proves the cap tripped on the listing alone.
        using var temp = TempGitRepository.Create();
        var config = temp.Run("apiVersion: gitgateway.dev/v1alpha1\nkind: GitGatewayConfig\nmetadata: {name: config}\n", "hash-object", "-w", "--stdin");
        var blob = temp.Run("route: {}\n", "hash-object", "-w", "--stdin");
        var listing = new StringBuilder($"100644 blob {config}\tgitgateway.yaml\n");
        for (var i = 0; i < 100_000; i++)
        {
            listing.Append(System.Globalization.CultureInfo.InvariantCulture, $"100644 blob {blob}\tf{i:000000}.yaml\n");
        }

        var tree = temp.Run(listing.ToString(), "mktree");
        var commit = temp.Run(null, "commit-tree", tree, "-m", "100k files");
        var loose = Path.Combine(temp.Path, ".git", "objects", blob[..2], blob[2..]);
        File.SetAttributes(loose, FileAttributes.Normal);
        await File.WriteAllBytesAsync(loose, [1, 2, 3], TestContext.Current.CancellationToken);

        var result = await Read(temp, commit);

        Assert.Equal(["gitgateway.yaml"], result.Files.Select(f => f.Path));
        var d = Assert.Single(result.Diagnostics);
        Assert.Equal((DiagnosticCodes.LimitExceeded, "gitgateway.yaml"), (d.Code, d.File));
        Assert.StartsWith("the repository has 100001 manifest files, over its limit of 20000", d.Message, StringComparison.Ordinal);
    }

    // The reader takes the caps of the gitgateway.yaml given with the files read before while it lists the tree: a
    // commit whose own config is another (tighter, looser, gone, new) must give what reading it alone gives.
    [Theory]
    [InlineData("{files: 50}", "{files: 3}")]
    [InlineData("{files: 3}", "{files: 50}")]
    [InlineData("{files: 3}", null)]
    [InlineData(null, "{files: 3}")]
    [InlineData("{files: 3}", "{files: 3}")]
    public async Task Read_GivenFilesOfACommitWithAnotherConfig_SameAsReadingTheCommitAlone(string? before, string? after)
    {
        using var temp = TempGitRepository.Create();
        WriteConfig(temp, before);
        for (var i = 0; i < 6; i++)
        {
            temp.Write($"teams/t/routes/r{i}.yaml", $"r: {i}\n");
        }

        var first = temp.Commit("before");
        WriteConfig(temp, after);
        temp.Write("teams/t/routes/r0.yaml", "r: changed\n");
        var second = temp.Commit("after");
        var repo = await GitRepository.OpenAsync(Git, temp.Path, TestContext.Current.CancellationToken);
        var reader = new GitTreeReader(repo);
        var given = (await reader.ReadAsync(first, TestContext.Current.CancellationToken)).Files;

        var withGiven = await reader.ReadAsync(second, given, TestContext.Current.CancellationToken);
        var alone = await reader.ReadAsync(second, TestContext.Current.CancellationToken);

        Assert.Equal(Described(alone), Described(withGiven));
        Assert.Equal(after == "{files: 3}", withGiven.OverRepositoryCap);
    }

    private static void WriteConfig(TempGitRepository temp, string? limits)
    {
        if (limits is null)
        {
            File.Delete(Path.Combine(temp.Path, "gitgateway.yaml"));
            return;
        }

        temp.Write("gitgateway.yaml", Config(limits));
    }

    private static string Described(SourceFiles.Result r) => string.Join('\n',
        [$"over the cap: {r.OverRepositoryCap}", .. r.Files.Select(f => f.Path + "@" + f.BlobId + ":" + Encoding.UTF8.GetString(f.Content.Span)), .. r.Diagnostics.Select(d => d.ToString())]);

    private static async Task<SourceFiles.Result> Read(TempGitRepository temp, string commit)
    {
        var repo = await GitRepository.OpenAsync(Git, temp.Path, TestContext.Current.CancellationToken);
        return await new GitTreeReader(repo).ReadAsync(commit, TestContext.Current.CancellationToken);
    }
}
