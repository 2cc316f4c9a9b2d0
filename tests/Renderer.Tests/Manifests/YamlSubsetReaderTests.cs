using System.Text;
using CsCheck;
using GitGateway.Fixtures;
using GitGateway.Renderer.Diagnostics;
using GitGateway.Renderer.Manifests;

namespace GitGateway.Renderer.Tests.Manifests;

/// <summary>
/// The subset reader must give exactly what the full parser gives, trees and marks alike, for every file it reads,
/// and leave every other file to the parser: over every YAML and JSON file of the repository, over generated
/// manifests written in every style, and over damaged and hostile copies of them.
/// </summary>
public sealed class YamlSubsetReaderTests(ITestOutputHelper output)
{
    private const string File = "f.yaml";

    [Fact]
    public void TryRead_EveryYamlFileOfTheRepository_NullOrWhatTheParserGives()
    {
        var read = 0;
        var files = Directory.EnumerateFiles(RepoPaths.Root, "*", SearchOption.AllDirectories)
            .Where(p => ManifestLoader.IsManifestFile(p) && !p.Contains("/bin/", StringComparison.Ordinal) && !p.Contains("/obj/", StringComparison.Ordinal) && !p.Contains("/.git/", StringComparison.Ordinal))
            .ToList();
        foreach (var path in files)
        {
            read += Compare(System.IO.File.ReadAllText(path), path) ? 1 : 0;
        }

        output.WriteLine($"{read} of {files.Count} files of the repository read by the subset reader");
        Assert.True(files.Count > 300, $"{files.Count} files found");
        Assert.True(read > files.Count / 3, $"{read} of {files.Count} files read by the subset reader");
    }

    [Fact]
    public void TryRead_GeneratedManifests_NullOrWhatTheParserGives()
    {
        var read = 0;
        Gen.Int.Select(GeneratedYaml.Write).Sample(text =>
        {
            if (Compare(text))
            {
                Interlocked.Increment(ref read);
            }
        }, iter: 4000);

        output.WriteLine($"{read} of 4000 generated files read by the subset reader");
        Assert.True(read > 1000, $"{read} of 4000 generated files read by the subset reader");
    }

    [Fact]
    public void TryRead_DamagedManifests_NullOrWhatTheParserGives()
    {
        const string Noise = "-:[]{}&*!|>'\"#%@`,? \n\t\r";
        Gen.Select(Gen.Int, Gen.Int[1, 4], Gen.Int).Sample((seed, damage, noise) =>
        {
            var random = new Random(noise);
            var text = new StringBuilder(GeneratedYaml.Write(seed));
            for (var i = 0; i < damage && text.Length > 0; i++)
            {
                var at = random.Next(text.Length);
                _ = random.Next(3) switch
                {
                    0 => text.Remove(at, Math.Min(1 + random.Next(4), text.Length - at)),
                    1 => text.Insert(at, Noise[random.Next(Noise.Length)]),
                    _ => text.Insert(at, new string(' ', 1 + random.Next(3))),
                };
            }

            Compare(text.ToString());
        }, iter: 4000);
    }

    [Theory]
    [InlineData(64, "a:\n")]
    [InlineData(70, "- ")]
    [InlineData(70, "[")]
    [InlineData(70, "{a: ")]
    public void Read_NestingPastTheLimit_LeftToTheParserWhichReportsIt(int levels, string open)
    {
        var text = new StringBuilder();
        for (var i = 0; i < levels; i++)
        {
            text.Append(open == "a:\n" ? new string(' ', 2 * i) + "a:\n" : open);
        }

        text.Append(open == "a:\n" ? new string(' ', 2 * levels) + "b: c\n" : "x\n");
        Assert.Null(YamlSubsetReader.TryRead(File, Encoding.UTF8.GetBytes(text.ToString())));
        var diagnostics = new DiagnosticBag();
        YamlDocumentReader.Read(File, Encoding.UTF8.GetBytes(text.ToString()), diagnostics);
        Assert.Contains(diagnostics.Items, d => d.Code is DiagnosticCodes.NestingTooDeep or DiagnosticCodes.YamlSyntax);
    }

    [Fact]
    public void Read_HostileInputs_SameResultAsTheParserAlone()
    {
        string[] hostile =
        [
            "a: &x [1, 2]\nb: [*x, *x, *x]\n",
            string.Concat(Enumerable.Range(0, 1001).Select(i => $"---\nk{i}: v\n")),
            "a: {" + string.Join(", ", Enumerable.Range(0, 5000).Select(i => $"k{i}: v")) + "}\n",
            "a: [" + string.Join(", ", Enumerable.Range(0, 210_000).Select(_ => "v")) + "]\n",
            "a: 1\na: 2\n",
            "a: {b: 1, b: 2}\n",
            "a:\n",
            "---\n---\na: 1\n",
            "a: b\n  c\n",
            "a: \"x\\ny\"\n",
            "k:\n- a\n- b\nl: c\n",
        ];
        foreach (var text in hostile)
        {
            Compare(text);
            var bag = new DiagnosticBag();
            var parsed = YamlDocumentReader.ReadWithParser(File, text, new DiagnosticBag());
            Assert.Equal(YamlDump.Of(parsed), YamlDump.Of(YamlDocumentReader.Read(File, Encoding.UTF8.GetBytes(text), bag)));
        }
    }

    [Fact]
    public void TryRead_RouteAsTheBenchWritesIt_ReadWithoutTheParser()
    {
        const string Route = """
            apiVersion: gateway.networking.k8s.io/v1
            kind: HTTPRoute
            metadata: {name: route-00001, namespace: team000}
            spec:
              parentRefs: [{name: public, namespace: gateway-system, sectionName: https}]
              hostnames: ["team000.example.com"]
              rules:
              - matches:
                - path: {type: PathPrefix, value: /r1/api}
                backendRefs:
                - {name: svc-1, port: 8080, weight: 90}
            """;

        Assert.True(Compare(Route + "\n"));
        Assert.Equal(YamlDocumentReader.ReadWithParser(File, Route, new DiagnosticBag()).Count, YamlSubsetReader.TryRead(File, Encoding.UTF8.GetBytes(Route))!.Count);
    }

    // True when the subset reader read the text; then the parser must agree exactly and find nothing wrong.
    private static bool Compare(string text, string file = File)
    {
        if (YamlSubsetReader.TryRead(file, Encoding.UTF8.GetBytes(text)) is not { } fast)
        {
            return false;
        }

        var diagnostics = new DiagnosticBag();
        var full = YamlDocumentReader.ReadWithParser(file, text, diagnostics);
        Assert.Empty(diagnostics.Items);
        Assert.Equal(YamlDump.Of(full), YamlDump.Of(fast));
        return true;
    }
}
