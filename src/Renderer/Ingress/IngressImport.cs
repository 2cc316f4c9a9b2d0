using GitGateway.Plan.Model;
using GitGateway.Renderer.Diagnostics;
using GitGateway.Renderer.Layout;
using GitGateway.Renderer.Manifests;
using GitGateway.Renderer.Rendering;

namespace GitGateway.Renderer.Ingress;

/// <summary>
/// <c>gitgateway import ingress</c>: converts the Ingresses of some files into the files of one team's folder
/// (routes, policies, routing tests and a report for the pull request), the same conversion the renderer serves
/// Ingresses with. The repository gives the Gateways routes attach to and the team's namespaces and hostnames.
/// </summary>
public static class IngressImport
{
    /// <summary>The most Ingresses one import converts.</summary>
    public const int MaxIngresses = 500;

    /// <summary>Converts the Ingresses in <paramref name="ingressFiles"/> for <paramref name="team"/> of <paramref name="repository"/>.</summary>
    public static IngressImportResult Convert(IReadOnlyList<SourceFile> ingressFiles, IReadOnlyList<SourceFile> repository, string team)
    {
        ArgumentNullException.ThrowIfNull(ingressFiles);
        ArgumentNullException.ThrowIfNull(repository);
        var d = new DiagnosticBag();
        var layout = RepoLayout.Load(repository);
        var owner = layout.Teams.FirstOrDefault(t => t.Name == team && !t.Team.IsPlatform);
        var teamsDir = layout.Config?.TeamsDir ?? "teams";
        if (layout.IsLayout && owner is null)
        {
            d.Error(DiagnosticCodes.InvalidTeam, new SourceMark(GitGatewayConfig.FileName, 1, 1), $"the repository has no team '{team}' ({teamsDir}/{team}/{RepoLayout.TeamFileName}): the platform adds a team first");
        }

        var parents = IngressParent.From(ManifestSetReader.Read(ManifestLoader.Load(repository, new DiagnosticBag(), layout.Config), new DiagnosticBag()).Gateways);
        if (parents.Count == 0)
        {
            d.Error("NoMatchingParent", new SourceMark(ingressFiles.FirstOrDefault()?.Path ?? "", 1, 1),
                "the repository has no Gateway with an HTTP or HTTPS listener for the routes to attach to: pass the config repository with --out");
        }

        var conversion = new IngressConversion();
        var sources = IngressObjects.Read(ManifestLoader.Load(ingressFiles, d), d, conversion.Notes);
        if (sources.Count > MaxIngresses)
        {
            d.Error(DiagnosticCodes.LimitExceeded, sources[MaxIngresses].Mark, $"{sources.Count} Ingresses; one import converts at most {MaxIngresses}: import them in parts");
            sources = sources[..MaxIngresses];
        }

        CheckOwnership(sources, owner, d);
        IngressConverter.Convert(sources, new IngressContext(parents, owner?.Team.Hostnames ?? []), conversion);
        var objects = conversion.Documents.Select(doc => (doc, obj: IngressObjects.ToObject(doc, d))).ToList();
        var f = new FieldReader(d);
        foreach (var (_, obj) in objects)
        {
            _ = KnownKinds.IsRoute(obj.Kind) ? RouteReader.Read(obj, f) : (object?)PolicyReader.Read(obj, f);
        }

        var diagnostics = d.ToSortedList().Where(x => x.Severity == DiagnosticSeverity.Error).ToList();
        var files = diagnostics.Count > 0 ? [] : IngressImportFiles.Build($"{teamsDir}/{team}", sources, conversion);
        return new IngressImportResult(files, conversion.Notes.Items, conversion.ListenerRequests, conversion.Tests.Count, diagnostics);
    }

    private static void CheckOwnership(List<IngressSource> sources, LayoutTeam? owner, DiagnosticBag d)
    {
        if (owner is null)
        {
            return;
        }

        foreach (var ingress in sources)
        {
            if (!owner.Team.Namespaces.Contains(ingress.Namespace))
            {
                d.Error(DiagnosticCodes.NamespaceNotOwned, ingress.Mark, $"Ingress {ingress.Namespace}/{ingress.Name} is in namespace {ingress.Namespace}, which team {owner.Name} does not own (its namespaces: {string.Join(", ", owner.Team.Namespaces)})");
            }

            foreach (var rule in ingress.Rules.Where(r => r.Host is { } h && !owner.Team.Hostnames.Any(t => Hostnames.IsWithin(h, t))))
            {
                d.Error(DiagnosticCodes.HostnameNotOwned, rule.Mark, $"host {rule.Host} is outside team {owner.Name}'s hostnames ({string.Join(", ", owner.Team.Hostnames)}): the platform grants hostnames in {owner.Directory}{RepoLayout.TeamFileName}");
            }
        }
    }
}
