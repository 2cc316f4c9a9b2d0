using System.Globalization;
using GitGateway.Plan.Model;
using GitGateway.Renderer.Diagnostics;
using GitGateway.Renderer.Manifests;

namespace GitGateway.Renderer.Layout;

/// <summary>
/// The one <c>LimitExceeded</c> error of a scope over a cap of <c>spec.limits</c>, shared by the renderer and the
/// Git reader: it names the scope (the repository, or the team and its folder), the field, the configured value
/// and the actual one. A team's error is placed in its folder (at the first file, route or hostname over the
/// cap), so only that team is refused; the repository's is placed in <c>gitgateway.yaml</c>, where the cap is set,
/// so the commit is refused whole.
/// </summary>
public static class LimitDiagnostics
{
    /// <summary>The value of a cap.</summary>
    public static long Of(this LimitSet set, LimitKind kind)
    {
        ArgumentNullException.ThrowIfNull(set);
        return kind switch
        {
            LimitKind.Files => set.Files,
            LimitKind.Bytes => set.Bytes,
            LimitKind.Routes => set.Routes,
            _ => set.Hostnames,
        };
    }

    /// <summary>The error of a repository over its cap; <paramref name="firstOver"/> names the file or object that crossed it.</summary>
    public static Diagnostic RepositoryOver(LimitKind kind, long configured, long actual, SourceMark firstOver, GitGatewayConfig? config)
    {
        ArgumentNullException.ThrowIfNull(firstOver);
        var at = config is null ? firstOver : config.Limits.Mark ?? config.Mark;
        var message = $"the repository has {Count(actual)} {Noun(kind)}, over its limit of {Count(configured)} ({Field("repository", kind)}); "
            + $"the first over it is {firstOver}: nothing of this commit is applied. Remove some, or have the platform raise the limit";
        return new Diagnostic(DiagnosticSeverity.Error, DiagnosticCodes.LimitExceeded, at.File, at.Line, at.Column, message);
    }

    /// <summary>The error of a team over its cap, at the first file, route or hostname over it.</summary>
    public static Diagnostic TeamOver(LayoutTeam team, LimitKind kind, long configured, long actual, SourceMark firstOver)
    {
        ArgumentNullException.ThrowIfNull(team);
        ArgumentNullException.ThrowIfNull(firstOver);
        var message = $"team {team.Name} ({team.Directory}) has {Count(actual)} {Noun(kind)}, over its limit of {Count(configured)} "
            + $"({Field("team", kind)}); this is the first over it: the team's files are refused and its last applied ones keep serving. "
            + "Remove some, or have the platform raise the limit";
        return new Diagnostic(DiagnosticSeverity.Error, DiagnosticCodes.LimitExceeded, firstOver.File, firstOver.Line, firstOver.Column, message);
    }

    private static string Field(string scope, LimitKind kind) =>
        $"spec.limits.{scope}.{kind.ToString().ToLowerInvariant()} in {GitGatewayConfig.FileName}";

    private static string Noun(LimitKind kind) => kind switch
    {
        LimitKind.Files => "manifest files",
        LimitKind.Bytes => "bytes of manifest files",
        LimitKind.Routes => "routes",
        _ => "distinct route hostnames",
    };

    private static string Count(long value) => value.ToString(CultureInfo.InvariantCulture);
}
