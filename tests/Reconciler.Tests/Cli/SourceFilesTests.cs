using GitGateway.Renderer.Diagnostics;
using GitGateway.Renderer.Rendering;

namespace GitGateway.Reconciler.Tests.Cli;

/// <summary>How <c>gitgateway render DIR</c> reads a directory (<see cref="SourceFiles"/>).</summary>
public sealed class SourceFilesTests
{
    [Fact]
    public void ReadDirectory_MixedTree_ReadsYamlOnlyWithRelativeSortedPaths()
    {
        using var dir = new TempDirectory();
        dir.Write("teams/b/routes/x.yaml", "b: 1\n");
        dir.Write("teams/a/team.YML", "a: 1\n");
        dir.Write("gitgateway.yaml", "c: 1\n");
        dir.Write(".git/config.yaml", "ignored: true\n");
        dir.Write("teams/.hidden/x.yaml", "ignored: true\n");
        dir.Write("README.md", "# not yaml\n");

        var result = SourceFiles.ReadDirectory(dir.Path);

        Assert.Equal(["gitgateway.yaml", "teams/a/team.YML", "teams/b/routes/x.yaml"], result.Files.Select(f => f.Path));
        Assert.Empty(result.Diagnostics);
        Assert.False(result.OverRepositoryCap);
    }

    [Fact]
    public void ReadDirectory_OverTheFileCapOfItsGitgatewayYaml_ReadsOnlyTheConfigAndCountsEveryFile()
    {
        using var dir = new TempDirectory();
        dir.Write("gitgateway.yaml", "apiVersion: gitgateway.dev/v1alpha1\nkind: GitGatewayConfig\nmetadata: {name: config}\nspec:\n  limits:\n    repository: {files: 3}\n");
        for (var i = 0; i < 10; i++)
        {
            dir.Write($"teams/t/routes/r{i}.yaml", $"r: {i}\n");
        }

        var result = SourceFiles.ReadDirectory(dir.Path);

        Assert.True(result.OverRepositoryCap);
        Assert.Equal(["gitgateway.yaml"], result.Files.Select(f => f.Path));
        var d = Assert.Single(result.Diagnostics);
        Assert.Equal((DiagnosticCodes.LimitExceeded, "gitgateway.yaml", 5), (d.Code, d.File, d.Line));
        Assert.StartsWith("the repository has 11 manifest files, over its limit of 3 (spec.limits.repository.files in gitgateway.yaml)", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadDirectory_SymlinkedFileAndDirectory_AreReportedNotFollowed()
    {
        using var dir = new TempDirectory();
        using var outside = new TempDirectory();
        var secret = outside.Write("secret.yaml", "password: hunter2\n");
        dir.Write("real.yaml", "a: 1\n");
        File.CreateSymbolicLink(Path.Combine(dir.Path, "link.yaml"), secret);
        Directory.CreateSymbolicLink(Path.Combine(dir.Path, "linked-dir"), outside.Path);

        var result = SourceFiles.ReadDirectory(dir.Path);

        Assert.Equal(["real.yaml"], result.Files.Select(f => f.Path));
        Assert.Equal(["link.yaml", "linked-dir"], result.Diagnostics.Select(d => d.File));
        Assert.All(result.Diagnostics, d => Assert.Equal((DiagnosticSeverity.Error, SourceFiles.SymlinkCode), (d.Severity, d.Code)));
    }

    [Fact]
    public void ReadDirectory_FileOverLimit_IsReportedAndNotRead()
    {
        using var dir = new TempDirectory();
        dir.Write("huge.yaml", new string('#', SourceFiles.MaxFileBytes + 1));

        var result = SourceFiles.ReadDirectory(dir.Path);

        Assert.Empty(result.Files);
        Assert.Equal(SourceFiles.FileTooLargeCode, Assert.Single(result.Diagnostics).Code);
    }

    [Fact]
    public void Read_RelativeFileArgument_KeepsTheNameGiven()
    {
        using var dir = new TempDirectory();
        dir.Write("routes/web.yaml", "a: 1\n");

        var result = SourceFiles.Read(["routes/web.yaml"], dir.Path);

        Assert.Equal("routes/web.yaml", Assert.Single(result.Files).Path);
    }

    [Fact]
    public void ReadDirectory_FilesFillingSeveralSharedBuffers_EachKeepsExactlyItsOwnBytes()
    {
        // Small files of every size up to 16 KiB, one file past a quarter of a shared buffer (its own array) between
        // them, and empty files: together more than two shared buffers, so files also start a new one.
        using var dir = new TempDirectory();
        var random = new Random(34);
        var written = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        for (var i = 0; i < 300; i++)
        {
            var bytes = new byte[i % 50 == 0 ? 0 : random.Next(1, 16 * 1024)];
            random.NextBytes(bytes);
            var path = $"teams/t{i % 7}/f{i:D3}.yaml";
            written[path] = bytes;
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(dir.Path, path))!);
            File.WriteAllBytes(Path.Combine(dir.Path, path), bytes);
        }

        var large = new byte[400 * 1024];
        random.NextBytes(large);
        written["teams/t3/large.yaml"] = large;
        File.WriteAllBytes(Path.Combine(dir.Path, "teams/t3/large.yaml"), large);

        var result = SourceFiles.ReadDirectory(dir.Path);

        Assert.Empty(result.Diagnostics);
        Assert.Equal(written.Keys.Order(StringComparer.Ordinal), result.Files.Select(f => f.Path));
        Assert.All(result.Files, f => Assert.Equal(written[f.Path], f.Content.ToArray()));
    }
}
