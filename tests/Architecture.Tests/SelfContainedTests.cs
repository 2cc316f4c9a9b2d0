using System.Diagnostics;
using System.Text.RegularExpressions;

namespace GitGateway.Architecture.Tests;

/// <summary>
/// The repository builds, tests and runs on its own: no tracked file may point at a path outside it
/// (a sibling folder beside the clone, a machine's absolute path). Upstream material is vendored under
/// <c>third_party/</c> instead.
/// </summary>
public sealed partial class SelfContainedTests
{
    private static readonly string Root = FindRoot();

    [Fact]
    public void TrackedFiles_ReferNoPathOutsideTheRepository()
    {
        var offenders = new List<string>();
        foreach (var file in TrackedTextFiles())
        {
            var lines = File.ReadAllLines(Path.Combine(Root, file));
            for (var i = 0; i < lines.Length; i++)
            {
                foreach (var target in OutsideTargets(file, lines[i]))
                {
                    offenders.Add($"{file}:{i + 1}: {target}");
                }
            }
        }

        Assert.True(offenders.Count == 0, "refers outside the repository:\n" + string.Join('\n', offenders));
    }

    [Fact]
    public void OutsideTargets_FindsEscapingRelativePathsAndSharedFolder()
    {
        Assert.NotEmpty(OutsideTargets("README.md", "see ../" + "shared/design/CRDS.md"));
        Assert.NotEmpty(OutsideTargets("tests/Fixtures/RepoPaths.cs", "Path.Combine(Root, \"..\", \"shared\")"));
        Assert.NotEmpty(OutsideTargets("src/Plan/Plan.csproj", "<Import Project=\"../../../x.props\" />"));
        Assert.NotEmpty(OutsideTargets("scripts/x.sh", "cat /work/shared/conformance/cases.jsonl"));
        Assert.NotEmpty(OutsideTargets("bench/render/generate.py", "out = '/work/" + "main/bench/out.json'"));
        Assert.NotEmpty(OutsideTargets(".ci/run", "cd /home/" + "builder/gitgateway"));
        Assert.Empty(OutsideTargets("tests/Plan.Tests/Plan.Tests.csproj", "<ProjectReference Include=\"../../src/Plan/Plan.csproj\" />"));
        Assert.Empty(OutsideTargets("README.md", "ArrayPool<byte>.Shared.Rent(16)"));
        Assert.Empty(OutsideTargets("tests/Proxy.Tests/Routing/CertificateStoreTests.cs", "[InlineData(\"../../../../etc\")]"));
        Assert.Empty(OutsideTargets("third_party/gateway-api/conformance/manifests/base/manifests.yaml", "- /root/Corefile"));
        Assert.Empty(OutsideTargets("docs/x.md", "https://example.com/work/items"));
    }

    [Fact]
    public void TrackedTextFiles_EveryTrackedFileThatIsNotBinary_IsRead()
    {
        var read = TrackedTextFiles().ToHashSet(StringComparer.Ordinal);

        // Whatever its name: dotfiles, scripts without an extension, Python, HAProxy config, vendored upstream data.
        foreach (var file in new[] { ".gitignore", ".editorconfig", ".ci/run", "bench/render/generate.py", "bench/proxy/conf/haproxy.cfg",
            "third_party/README.md", "third_party/gateway-api/conformance/cases.jsonl", "run.sh", "README.md" })
        {
            Assert.True(read.Contains(file), $"{file} is not read");
        }

        Assert.DoesNotContain("tests/Architecture.Tests/SelfContainedTests.cs", read);
    }

    private static IEnumerable<string> OutsideTargets(string file, string line)
    {
        var directory = Path.GetDirectoryName(Path.Combine(Root, file))!;
        foreach (Match m in RelativePath().Matches(line))
        {
            if (HostileSamples.Contains(Path.GetFileName(m.Value)))
            {
                continue;
            }

            var resolved = Path.GetFullPath(Path.Combine(directory, m.Value));
            if (!resolved.StartsWith(Root + Path.DirectorySeparatorChar, StringComparison.Ordinal) && resolved != Root)
            {
                yield return m.Value;
            }
        }

        foreach (Match m in SharedFolder().Matches(line))
        {
            yield return m.Value;
        }
    }

    // Path-traversal samples in hostile-input tests ("../../../../etc") aim at system folders, not at a neighbour.
    private static readonly HashSet<string> HostileSamples = ["etc", "passwd", "shadow"];

    private static IEnumerable<string> TrackedTextFiles()
    {
        var start = new ProcessStartInfo("git", "ls-files -z") { WorkingDirectory = Root, RedirectStandardOutput = true };
        using var git = Process.Start(start)!;
        var output = git.StandardOutput.ReadToEnd();
        git.WaitForExit();
        Assert.Equal(0, git.ExitCode);
        return output.Split('\0', StringSplitOptions.RemoveEmptyEntries)
            .Where(f => f != "tests/Architecture.Tests/SelfContainedTests.cs") // names the forbidden forms to test them
            .Where(f => File.Exists(Path.Combine(Root, f)) && !IsBinary(Path.Combine(Root, f)));
    }

    // Git's own rule: a NUL byte in the first 8000 bytes makes a file binary. Everything else is read, whatever its name.
    private static bool IsBinary(string path)
    {
        using var stream = File.OpenRead(path);
        var head = new byte[8000];
        var read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        return head.AsSpan(0, read).Contains((byte)0);
    }

    // A run of "../" segments followed by a name: resolved against the file's folder, it must stay inside the root.
    [GeneratedRegex(@"(?<![\w./])(?:\.\./)+[\w.-]+")]
    private static partial Regex RelativePath();

    // The shared folder beside the clone, however it is spelt ("..", "shared"), or a machine's absolute path: the
    // workspace (/work/...) or a home folder. Container paths such as /root/Corefile in vendored manifests are not
    // this machine's.
    [GeneratedRegex(@"""\.\.""\s*,\s*""shared""|(?<![\w./:-])/(?:work|home|Users)/[\w.-]+")]
    private static partial Regex SharedFolder();

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "GitGateway.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("GitGateway.sln not found above " + AppContext.BaseDirectory);
    }
}
