using GitGateway.Reconciler.Cli;
using GitGateway.Renderer.Diagnostics;
using GitGateway.Renderer.Ingress;
using GitGateway.Renderer.Layout;
using GitGateway.Renderer.Rendering;

namespace GitGateway.Reconciler.Import;

/// <summary>The steps of <c>gitgateway import ingress</c>: read, convert, check where files go, write, tell.</summary>
internal static class IngressImportRun
{
    public static int Run(IReadOnlyList<string> paths, string team, string outDir, bool dryRun, bool json, TextWriter output, TextWriter error)
    {
        if (!Directory.Exists(outDir))
        {
            error.WriteLine($"gitgateway import ingress: --out {outDir} is not a directory.");
            return CliOptions.Failure;
        }

        var ingresses = SourceFiles.Read(paths, Environment.CurrentDirectory);
        var repository = SourceFiles.ReadDirectory(Path.GetFullPath(outDir));
        var result = IngressImport.Convert(ingresses.Files, repository.Files, team);
        var readErrors = ingresses.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        if (readErrors.Count > 0)
        {
            result = result with { Files = [], Diagnostics = [.. readErrors, .. result.Diagnostics] };
        }

        var teamDir = $"{RepoLayout.Load(repository.Files).Config?.TeamsDir ?? "teams"}/{team}";
        if (!result.HasErrors && ImportWriter.Check(outDir, teamDir, result.Files.Select(f => f.Path)) is { } refused)
        {
            error.WriteLine($"gitgateway import ingress: {DisplayText.Escape(refused)}; nothing was written.");
            return CliOptions.Failure;
        }

        if (!result.HasErrors && !dryRun)
        {
            foreach (var file in result.Files)
            {
                ImportWriter.Write(outDir, file.Path, file.Content);
            }
        }

        if (json)
        {
            output.Write(IngressImportJson.Write(result, dryRun));
        }
        else
        {
            WriteText(result, dryRun, outDir, output, error);
        }

        return result.HasErrors ? CliOptions.InvalidInput : CliOptions.Ok;
    }

    private static void WriteText(IngressImportResult result, bool dryRun, string outDir, TextWriter output, TextWriter error)
    {
        foreach (var d in result.Diagnostics)
        {
            output.WriteLine(d.ToString());
        }

        foreach (var file in result.Files)
        {
            output.WriteLine($"{(dryRun ? "would write" : "wrote")} {file.Path}{(file.Objects.Count == 0 ? "" : ": " + string.Join(", ", file.Objects))}");
            if (dryRun)
            {
                output.Write(DisplayText.EscapeKeepingLineBreaks(file.Content));
            }
        }

        foreach (var r in result.ListenerRequests)
        {
            output.WriteLine($"listener request: {r.Host} ({r.Ingress}, {(r.SecretName is null ? "default certificate" : $"certificate {r.SecretNamespace}/{r.SecretName}")}): "
                + (r.CoveredBy is null ? "no HTTPS listener serves it yet" : $"covered by {r.CoveredBy}"));
        }

        foreach (var note in result.Notes)
        {
            output.WriteLine(DisplayText.Escape(note.ToString()));
        }

        var converted = result.Files.Sum(f => f.Objects.Count);
        error.WriteLine(result.HasErrors
            ? $"{result.Diagnostics.Count} error(s); nothing was written"
            : $"{converted} object(s), {result.Tests} routing test(s), {result.Notes.Count(n => n.Kind == IngressNoteKind.NotConverted)} not converted; "
                + $"next: gitgateway validate {outDir}, then commit and open a pull request");
    }
}
