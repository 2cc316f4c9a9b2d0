using GitGateway.Reconciler.Git;
using GitGateway.Renderer.Diagnostics;
using GitGateway.Renderer.Layout;
using GitGateway.Renderer.Rendering;

namespace GitGateway.Reconciler.Apply;

/// <summary>
/// One team's broken files never hold back every other team (the Flux CVE-2022-24878 class): when the head renders
/// with errors and every error is in files under <c>teams/&lt;team&gt;/</c>, those teams' folders are replaced by the
/// folders last applied for them, and the whole is rendered again, so cross-team references (ReferenceGrants, shared
/// Gateways, services) resolve against what is actually applied. A team whose kept folder fails too is added in the
/// next round; an error anywhere else (the platform's files, <c>gitgateway.yaml</c>, a file outside the layout), a
/// team with nothing applied before, or errors that remain after that refuse the commit as a whole.
/// </summary>
internal static class TeamIsolation
{
    private const int MaxRounds = 8;

    /// <param name="read">Reads the manifests of a commit.</param>
    /// <param name="head">The input <paramref name="headResult"/> was rendered from: each round renders it again with only its files swapped,
    /// so what the caller set on it (the controller name, the objects' ages, the claims in force) holds for the kept result.</param>
    /// <param name="kept">Team folders kept from an earlier commit in the plan in force, and that commit.</param>
    /// <param name="applied">The commit of the plan in force, where a team's last good folder is otherwise found.</param>
    public static async Task<IsolatedRender?> RenderAsync(
        Func<string, CancellationToken, Task<IReadOnlyList<SourceFile>>> read,
        Func<RenderInput, RenderResult> render,
        RenderInput head,
        RenderResult headResult,
        IReadOnlyDictionary<string, string> kept,
        string? applied,
        CancellationToken cancellationToken)
    {
        var teamsDir = (RepoLayout.Load(head.Files).Config?.TeamsDir ?? "teams").Trim('/') + "/";
        var files = head.Files;
        var result = headResult;
        var refused = new Dictionary<string, RefusedTeam>(StringComparer.Ordinal);
        for (var round = 0; round < MaxRounds && result.HasErrors; round++)
        {
            var errors = result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
            var byTeam = errors.GroupBy(d => TeamFolder(d.File, teamsDir)).ToList();
            if (byTeam.Any(g => g.Key is null) || byTeam.All(g => refused.ContainsKey(g.Key!)))
            {
                return null;
            }

            foreach (var team in byTeam.Where(g => !refused.ContainsKey(g.Key!)))
            {
                var folder = team.Key!;
                if ((kept.GetValueOrDefault(folder) ?? applied) is not { } from)
                {
                    return null;
                }

                var lastGood = await read(from, cancellationToken);
                files = WithFolder(files, folder, lastGood);
                refused[folder] = new RefusedTeam(folder[teamsDir.Length..].TrimEnd('/'), folder, from, [.. team]);
            }

            result = render(head with { Files = files });
        }

        return result.HasErrors ? null : new IsolatedRender(result, [.. refused.Values.OrderBy(t => t.Folder, StringComparer.Ordinal)], files);
    }

    /// <summary><paramref name="files"/> with the files of <paramref name="folder"/> (<c>teams/&lt;team&gt;/</c>) taken from <paramref name="from"/>.</summary>
    public static IReadOnlyList<SourceFile> WithFolder(IReadOnlyList<SourceFile> files, string folder, IReadOnlyList<SourceFile> from) =>
        [.. files.Where(f => !f.Path.StartsWith(folder, StringComparison.Ordinal)), .. from.Where(f => f.Path.StartsWith(folder, StringComparison.Ordinal))];

    /// <summary><c>teams/&lt;team&gt;/</c> for a file in a team's folder, else null.</summary>
    private static string? TeamFolder(string? file, string teamsDir)
    {
        if (file is null || !file.StartsWith(teamsDir, StringComparison.Ordinal))
        {
            return null;
        }

        var slash = file.IndexOf('/', teamsDir.Length);
        return slash <= teamsDir.Length ? null : file[..(slash + 1)];
    }
}
