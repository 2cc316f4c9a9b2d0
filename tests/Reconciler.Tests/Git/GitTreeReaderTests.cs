using GitGateway.Reconciler.Git;
using GitGateway.Renderer.Diagnostics;
using GitGateway.Renderer.Rendering;

namespace GitGateway.Reconciler.Tests.Git;

public sealed class GitTreeReaderTests
{
    private static readonly GitCli Git = new(defaultTimeout: TimeSpan.FromSeconds(30));

    [Fact]
    public async Task Read_Commit_ReturnsYamlFilesSortedOutsideDotDirectories()
    {
        using var temp = TempGitRepository.Create();
        temp.Write("teams/store/routes/b.yaml", "b: 1\n");
        temp.Write("teams/store/routes/a.yml", "a: 1\n");
        temp.Write("gitgateway.yaml", "kind: GitGatewayConfig\n");
        temp.Write(".github/workflows/ci.yaml", "on: push\n");
        temp.Write("README.md", "# readme\n");
        var commit = temp.Commit("layout");

        var result = await Read(temp, commit);

        Assert.Equal(["gitgateway.yaml", "teams/store/routes/a.yml", "teams/store/routes/b.yaml"], result.Files.Select(f => f.Path));
        Assert.Empty(result.Diagnostics);
    }

    [Fact]
    public async Task Read_WorkingCopyChangedAfterCommit_ReturnsCommittedContent()
    {
        using var temp = TempGitRepository.Create();
        temp.Write("a.yaml", "committed: true\n");
        var commit = temp.Commit("first");
        temp.Write("a.yaml", "committed: false\n");

        var result = await Read(temp, commit);

        Assert.Equal("committed: true\n", System.Text.Encoding.UTF8.GetString(Assert.Single(result.Files).Content.Span));
    }

    [Fact]
    public async Task Read_SymlinkNamedYaml_IsReportedAsErrorAndNotFollowed()
    {
        using var temp = TempGitRepository.Create();
        temp.Write("real.yaml", "real: 1\n");
        File.CreateSymbolicLink(Path.Combine(temp.Path, "link.yaml"), "/etc/passwd");
        var commit = temp.Commit("link");

        var result = await Read(temp, commit);

        Assert.Equal(["real.yaml"], result.Files.Select(f => f.Path));
        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal((DiagnosticSeverity.Error, SourceFiles.SymlinkCode, "link.yaml"), (diagnostic.Severity, diagnostic.Code, diagnostic.File));
    }

    [Fact]
    public async Task Read_Submodule_IsReportedAndNotFollowed()
    {
        using var temp = TempGitRepository.Create();
        var first = temp.Commit("first");
        temp.Git("update-index", "--add", "--cacheinfo", $"160000,{first},vendor/shared");
        temp.Git("commit", "-q", "-m", "submodule"); // not Commit(): "add -A" would drop the gitlink with no folder behind it
        var commit = temp.Git("rev-parse", "HEAD");

        var result = await Read(temp, commit);

        Assert.Empty(result.Files);
        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal((GitTreeReader.SubmoduleCode, "vendor/shared"), (diagnostic.Code, diagnostic.File));
    }

    [Fact]
    public async Task Read_FileOverSizeLimit_IsReportedAndNotRead()
    {
        using var temp = TempGitRepository.Create();
        temp.Write("huge.yaml", "# " + new string('x', SourceFiles.MaxFileBytes) + "\n");
        temp.Write("small.yaml", "a: 1\n");
        var commit = temp.Commit("huge");

        var result = await Read(temp, commit);

        Assert.Equal(["small.yaml"], result.Files.Select(f => f.Path));
        Assert.Equal(SourceFiles.FileTooLargeCode, Assert.Single(result.Diagnostics).Code);
    }

    [Fact]
    public async Task Read_TreeEntryNamedDotDot_IsReportedAsEscaping()
    {
        using var temp = TempGitRepository.Create();
        var blob = temp.Run("evil: 1\n", "hash-object", "-w", "--stdin");
        // git refuses such names in the index, but a crafted tree object can hold them.
        var inner = temp.Run($"100644 blob {blob}\tx.yaml\n", "mktree");
        var root = temp.Run($"040000 tree {inner}\t..\n100644 blob {blob}\tok.yaml\n", "mktree");
        var commit = temp.Run(null, "commit-tree", root, "-m", "crafted");

        var result = await Read(temp, commit);

        Assert.Equal(["ok.yaml"], result.Files.Select(f => f.Path));
        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal((GitTreeReader.PathEscapesCode, "../x.yaml"), (diagnostic.Code, diagnostic.File));
    }

    [Fact]
    public async Task Read_GivenTheBaseRevisionsFiles_SameFilesAsReadingGitAlone()
    {
        using var temp = TempGitRepository.Create();
        foreach (var name in (string[])["kept", "changed", "gone", "copied"])
        {
            temp.Write($"teams/a/routes/{name}.yaml", name + ": 1\n");
        }

        var baseCommit = temp.Commit("base");
        temp.Write("teams/a/routes/changed.yaml", "changed: 2\n");
        File.Delete(Path.Combine(temp.Path, "teams/a/routes/gone.yaml"));
        temp.Write("teams/b/routes/copy.yaml", "copied: 1\n"); // the same blob as teams/a/routes/copied.yaml
        temp.Write("teams/b/routes/new.yaml", "new: 1\n");
        var head = temp.Commit("head");
        var repo = await GitRepository.OpenAsync(Git, temp.Path, TestContext.Current.CancellationToken);
        var reader = new GitTreeReader(repo);

        var baseFiles = await reader.ReadAsync(baseCommit, TestContext.Current.CancellationToken);
        var given = await reader.ReadAsync(head, baseFiles.Files, TestContext.Current.CancellationToken);
        var alone = await reader.ReadAsync(head, TestContext.Current.CancellationToken);

        static IEnumerable<(string, string?, string)> Described(SourceFiles.Result r) =>
            r.Files.Select(f => (f.Path, f.BlobId, System.Text.Encoding.UTF8.GetString(f.Content.Span)));
        Assert.Equal(Described(alone), Described(given));
        Assert.Equal(5, given.Files.Count);
    }

    [Fact]
    public async Task Read_BlobGivenByTheCaller_TakenFromTheCallerNotFromGit()
    {
        using var temp = TempGitRepository.Create();
        temp.Write("a.yaml", "in: git\n");
        var commit = temp.Commit("one file");

        // Bytes no git object holds, under the blob's id: only the caller's files can have given them.
        SourceFile given = new("elsewhere.yaml", "in: caller\n"u8.ToArray()) { BlobId = temp.Git("rev-parse", "HEAD:a.yaml") };
        var result = await Read(temp, commit, [given]);

        var file = Assert.Single(result.Files);
        Assert.Equal(("a.yaml", "in: caller\n"), (file.Path, System.Text.Encoding.UTF8.GetString(file.Content.Span)));
    }

    private static async Task<SourceFiles.Result> Read(TempGitRepository temp, string commit, IReadOnlyList<SourceFile>? readBefore = null)
    {
        var repo = await GitRepository.OpenAsync(Git, temp.Path, TestContext.Current.CancellationToken);
        return await new GitTreeReader(repo).ReadAsync(commit, readBefore ?? [], TestContext.Current.CancellationToken);
    }
}
