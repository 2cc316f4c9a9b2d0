using System.Text;
using System.Text.RegularExpressions;
using GitGateway.Fixtures;
using GitGateway.Renderer.Rendering;

namespace GitGateway.Renderer.Tests;

/// <summary>
/// Golden cases: every <c>testdata/&lt;case&gt;.in.yaml</c> (flat mode) and <c>testdata/&lt;case&gt;.in/</c>
/// (a config repo) is rendered and written with <see cref="RenderJson"/>, the writer of
/// <c>gitgateway render --output json</c>, then compared as exact text with <c>&lt;case&gt;.out.json</c>,
/// which also proves the output is byte-stable. <c>GITGATEWAY_UPDATE_GOLDEN=1</c> rewrites the outputs and
/// removes outputs whose input is gone. A first line <c># golden: pad-to N</c> pads the input with comment
/// lines to N bytes at run time, so size-limit cases need no megabytes in Git.
/// </summary>
public sealed partial class GoldenTests
{
    private const string Source = "golden@sha1:0000000000000000000000000000000000000000";
    private const string InFile = ".in.yaml";
    private const string InDir = ".in";
    private const string OutFile = ".out.json";

    private static string Dir => Path.Combine(RepoPaths.Root, "tests", "Renderer.Tests", "testdata");

    private static bool Updating => Environment.GetEnvironmentVariable("GITGATEWAY_UPDATE_GOLDEN") == "1";

    public static TheoryData<string> Cases() => new(CaseNames());

    [Theory]
    [MemberData(nameof(Cases))]
    public void Golden_Case_MatchesOutput(string name)
    {
        var actual = RenderJson.ToJson(PlanRenderer.Render(new RenderInput(Input(name), Source)));
        var outPath = Path.Combine(Dir, name + OutFile);
        if (Updating)
        {
            File.WriteAllText(outPath, actual);
        }

        Assert.True(File.Exists(outPath), $"{name}{OutFile} is missing: run the tests with GITGATEWAY_UPDATE_GOLDEN=1 and review the new file");
        Assert.Equal(File.ReadAllText(outPath), actual);
    }

    [Fact]
    public void Golden_OutputWithoutInput_IsRemoved()
    {
        var cases = CaseNames().ToHashSet(StringComparer.Ordinal);
        var orphans = Directory.EnumerateFiles(Dir, "*" + OutFile)
            .Where(path => !cases.Contains(Path.GetFileName(path)[..^OutFile.Length]))
            .ToList();
        if (Updating)
        {
            orphans.ForEach(File.Delete);
            orphans.Clear();
        }

        Assert.Empty(orphans);
    }

    [Fact]
    public void Golden_Cases_AreAtLeastSixty()
    {
        Assert.True(CaseNames().Count >= 60, $"only {CaseNames().Count} golden cases");
    }

    [Fact]
    public void Render_RepoCaseFilesInReverseOrder_GivesIdenticalBytes()
    {
        var name = CaseNames().First(n => Directory.Exists(Path.Combine(Dir, n + InDir)));
        var files = Input(name);

        var forward = RenderJson.ToJson(PlanRenderer.Render(new RenderInput(files, Source)));
        var reverse = RenderJson.ToJson(PlanRenderer.Render(new RenderInput([.. files.Reverse()], Source)));

        Assert.Equal(forward, reverse);
    }

    private static List<string> CaseNames()
    {
        var files = Directory.EnumerateFiles(Dir, "*" + InFile).Select(p => Path.GetFileName(p)[..^InFile.Length]);
        var dirs = Directory.EnumerateDirectories(Dir, "*" + InDir).Select(p => Path.GetFileName(p)[..^InDir.Length]);
        return [.. files.Concat(dirs).Order(StringComparer.Ordinal)];
    }

    internal static IReadOnlyList<SourceFile> Input(string name)
    {
        var dir = Path.Combine(Dir, name + InDir);
        if (Directory.Exists(dir))
        {
            var read = SourceFiles.ReadDirectory(dir);
            Assert.Empty(read.Diagnostics);
            return read.Files;
        }

        var bytes = File.ReadAllBytes(Path.Combine(Dir, name + InFile));
        return [new SourceFile(name + InFile, Pad(bytes))];
    }

    private static byte[] Pad(byte[] bytes)
    {
        var firstLine = Encoding.UTF8.GetString(bytes, 0, Math.Min(bytes.Length, 100)).Split('\n')[0];
        var match = PadDirective().Match(firstLine);
        if (!match.Success)
        {
            return bytes;
        }

        var target = int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        var padded = new StringBuilder(Encoding.UTF8.GetString(bytes), target + 100);
        while (padded.Length < target)
        {
            padded.Append("# padding to exceed the per-file size limit\n");
        }

        return Encoding.UTF8.GetBytes(padded.ToString());
    }

    [GeneratedRegex(@"^# golden: pad-to (\d+)$")]
    private static partial Regex PadDirective();
}
