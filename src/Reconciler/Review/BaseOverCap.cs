using System.Globalization;
using GitGateway.Renderer.Diagnostics;
using GitGateway.Renderer.Layout;
using GitGateway.Renderer.Manifests;
using GitGateway.Renderer.Rendering;

namespace GitGateway.Reconciler.Review;

/// <summary>
/// What a review says when its base is already over a cap of <c>spec.limits</c> (the base's own
/// <c>gitgateway.yaml</c>), one line per cap crossed, naming the cap and its value, so the diff is never read as
/// a change against a base the edge does not serve. Decided per cap:
/// the repository's files and bytes: the Git reader stopped before reading any content, the base is unknown, so
/// nothing is compared (<see cref="NotRead"/>: no diff, no claims, no destructive change);
/// the repository's routes and hostnames: the base was read and rendered, but the control plane refuses it as a whole
/// and serves an earlier commit, so the diff against the base's files is shown with the line saying so;
/// a team's caps: that team's files are refused on the base and served from an earlier commit, likewise said.
/// A file's own limits (its size, documents, nesting, aliases) are that file's errors, as any broken file's.
/// </summary>
internal sealed record BaseOverCap(IReadOnlyList<string> Lines, bool NotRead)
{
    public static BaseOverCap None { get; } = new([], false);

    /// <param name="files">The base's files as read (only <c>gitgateway.yaml</c> when it is over the file or byte cap).</param>
    /// <param name="overRepositoryCap">Whether the reader stopped at the repository's file or byte cap.</param>
    /// <param name="render">The base's render, the reader's diagnostics included.</param>
    /// <param name="baseRef">The base branch, as the comment names it.</param>
    public static BaseOverCap Of(IReadOnlyList<SourceFile> files, bool overRepositoryCap, RenderResult render, string baseRef)
    {
        var layout = RepoLayout.Load(files);
        var limits = layout.Config?.Limits ?? RepoLimits.Default;
        var over = render.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error && d.Code == DiagnosticCodes.LimitExceeded).ToList();
        var lines = new List<string>();
        foreach (var kind in Enum.GetValues<LimitKind>())
        {
            if (over.Any(d => Names(d, "repository", kind)))
            {
                lines.Add($"The base {baseRef} is over the repository's limit {Field("repository", kind)} = {limits.Repository.Of(kind).ToString(CultureInfo.InvariantCulture)}: "
                    + (kind is LimitKind.Files or LimitKind.Bytes
                        ? "it was not read, so there is nothing to compare the head with and no diff is shown; the edge serves an earlier commit."
                        : "the control plane refuses it as a whole and serves an earlier commit, so the diff is against the base's files, not what the edge serves."));
            }
        }

        foreach (var team in layout.Teams.OrderBy(t => t.Name, StringComparer.Ordinal))
        {
            foreach (var kind in Enum.GetValues<LimitKind>().Where(k => over.Any(d => d.File.StartsWith(team.Directory, StringComparison.Ordinal) && Names(d, "team", k))))
            {
                lines.Add($"On the base {baseRef}, team {team.Name} is over its limit {Field("team", kind)} = {limits.Team.Of(kind).ToString(CultureInfo.InvariantCulture)}: its files there are refused and "
                    + "served from an earlier commit, so its part of the diff is against files the edge does not serve.");
            }
        }

        if (overRepositoryCap && lines.Count == 0)
        {
            lines.Add($"The base {baseRef} is over the repository's limit on files or bytes: it was not read, so there is nothing to compare the head with and no diff is shown.");
        }

        return lines.Count == 0 ? None : new BaseOverCap(lines, overRepositoryCap);
    }

    private static string Field(string scope, LimitKind kind) => $"spec.limits.{scope}.{kind.ToString().ToLowerInvariant()}";

    // LimitDiagnostics names the cap as "(spec.limits.<scope>.<kind> in gitgateway.yaml)".
    private static bool Names(Diagnostic d, string scope, LimitKind kind) =>
        d.Message.Contains($"({Field(scope, kind)} in {GitGatewayConfig.FileName})", StringComparison.Ordinal);
}
