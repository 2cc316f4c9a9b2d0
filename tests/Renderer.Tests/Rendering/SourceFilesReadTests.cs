using System.Diagnostics;
using GitGateway.Renderer.Diagnostics;
using GitGateway.Renderer.Layout;
using GitGateway.Renderer.Manifests;
using GitGateway.Renderer.Rendering;

namespace GitGateway.Renderer.Tests.Rendering;

/// <summary>
/// How a file the directory walk found is read (<see cref="SourceFiles"/>): from the length the walk's status gave
/// it, without following a link, when the file changes between the walk and the read.
/// </summary>
public sealed class SourceFilesReadTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("sourcefiles-read-");

    public void Dispose() => _dir.Delete(recursive: true);

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(4095)]
    [InlineData(70_000)]
    public void ReadWalked_UnchangedFile_KeepsExactlyItsBytes(int length)
    {
        var content = Bytes(length, seed: length);
        var file = Walked("a.yaml", content);

        var (files, diagnostics) = ReadWalked(file);

        Assert.Empty(diagnostics);
        Assert.Equal(content, Assert.Single(files).Content.ToArray());
    }

    [Fact]
    public void ReadWalked_FileGrownAfterTheWalk_IsReportedNotRead()
    {
        var file = Walked("a.yaml", Bytes(100, seed: 1));
        File.WriteAllBytes(file.FullName, Bytes(101, seed: 2));

        var (files, diagnostics) = ReadWalked(file);

        Assert.Empty(files);
        var d = Assert.Single(diagnostics);
        Assert.Equal((SourceFiles.UnreadableCode, "a.yaml", "the file changed while it was read: run again."), (d.Code, d.File, d.Message));
    }

    [Fact]
    public void ReadWalked_FileShrunkAfterTheWalk_KeepsWhatItHoldsNow()
    {
        var file = Walked("a.yaml", Bytes(5000, seed: 1));
        var now = Bytes(1200, seed: 2);
        File.WriteAllBytes(file.FullName, now);

        var (files, diagnostics) = ReadWalked(file);

        Assert.Empty(diagnostics);
        Assert.Equal(now, Assert.Single(files).Content.ToArray());
    }

    [Fact]
    public void ReadWalked_FileReplacedByALinkAfterTheWalk_IsReportedAndTheTargetNotRead()
    {
        var secret = Path.Combine(_dir.FullName, "outside", "secret.yaml");
        Directory.CreateDirectory(Path.GetDirectoryName(secret)!);
        File.WriteAllText(secret, "password: hunter2\n"); // shorter than the file the walk saw: it would fit
        var file = Walked("a.yaml", Bytes(100, seed: 1));
        File.Delete(file.FullName);
        File.CreateSymbolicLink(file.FullName, secret);

        var (files, diagnostics) = ReadWalked(file);

        Assert.Empty(files);
        var d = Assert.Single(diagnostics);
        Assert.Equal((DiagnosticSeverity.Error, SourceFiles.SymlinkCode, "a.yaml"), (d.Severity, d.Code, d.File));
        Assert.Contains(secret, d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadWalked_FileReplacedByADirectoryAfterTheWalk_IsUnreadableInTheRuntimesWords()
    {
        var file = Walked("a.yaml", Bytes(10, seed: 1));
        File.Delete(file.FullName);
        Directory.CreateDirectory(file.FullName);
        var expected = Assert.ThrowsAny<UnauthorizedAccessException>(() => File.OpenHandle(file.FullName, FileMode.Open, FileAccess.Read, FileShare.Read));

        var (files, diagnostics) = ReadWalked(file);

        Assert.Empty(files);
        var d = Assert.Single(diagnostics);
        Assert.Equal((SourceFiles.UnreadableCode, $"cannot read this file ({expected.Message}); fix its permissions."), (d.Code, d.Message));
    }

    [Fact]
    public void ReadWalked_FileRemovedAfterTheWalk_IsUnreadableInTheRuntimesWords()
    {
        var file = Walked("a.yaml", Bytes(10, seed: 1));
        File.Delete(file.FullName);
        var expected = Assert.ThrowsAny<IOException>(() => File.OpenHandle(file.FullName, FileMode.Open, FileAccess.Read, FileShare.Read));

        var (files, diagnostics) = ReadWalked(file);

        Assert.Empty(files);
        Assert.Equal($"cannot read this file ({expected.Message}); fix its permissions.", Assert.Single(diagnostics).Message);
    }

    [Fact]
    public void ReadWalked_FileRemovedBeforeItsStatusWasRead_IsUnreadableNotAnException()
    {
        var path = Path.Combine(_dir.FullName, "gone.yaml");
        File.WriteAllText(path, "a: 1\n");
        var listed = new FileInfo(path); // listed, its status not read yet
        File.Delete(path);
        var expected = Assert.ThrowsAny<IOException>(() => new FileInfo(path).Length);

        var (files, diagnostics) = ReadWalked(listed);

        Assert.Empty(files);
        var d = Assert.Single(diagnostics);
        Assert.Equal((SourceFiles.UnreadableCode, "gone.yaml", $"cannot read this file ({expected.Message}); fix its permissions."), (d.Code, d.File, d.Message));
    }

    [Fact]
    public void ReadDirectory_NamedPipeWithAYamlName_IsReadAsEmptyWithoutWaitingForAWriter()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "named pipes are made with mkfifo here");
        Directory.CreateDirectory(Path.Combine(_dir.FullName, "repo"));
        File.WriteAllText(Path.Combine(_dir.FullName, "repo", "b.yaml"), "b: 1\n");
        using (var mkfifo = Process.Start("mkfifo", Path.Combine(_dir.FullName, "repo", "pipe.yaml")))
        {
            mkfifo.WaitForExit();
            Assert.Equal(0, mkfifo.ExitCode);
        }

        var result = SourceFiles.ReadDirectory(Path.Combine(_dir.FullName, "repo"));

        Assert.Empty(result.Diagnostics);
        Assert.Equal(["b.yaml", "pipe.yaml"], result.Files.Select(f => f.Path));
        Assert.Equal(0, result.Files[1].Content.Length);
    }

    // The file as the walk saw it: written, then its status read once (a FileInfo keeps it, as the walk's entries do).
    private FileInfo Walked(string name, byte[] content)
    {
        var path = Path.Combine(_dir.FullName, name);
        File.WriteAllBytes(path, content);
        var file = new FileInfo(path);
        Assert.Equal(content.Length, file.Length);
        return file;
    }

    private (List<SourceFile> Files, List<Diagnostic> Diagnostics) ReadWalked(FileInfo file)
    {
        var files = new List<SourceFile>();
        var diagnostics = new List<Diagnostic>();
        SourceFiles.ReadWalked(file, file.Name, files, diagnostics, new LimitCounter(RepoLimits.Default.Repository), new FileBytes());
        return (files, diagnostics);
    }

    private static byte[] Bytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }
}
