using GitGateway.Plan.Model;
using GitGateway.Renderer.Diagnostics;
using GitGateway.Renderer.Manifests;
using GitGateway.Renderer.Rendering;

namespace GitGateway.Renderer.Layout;

/// <summary>
/// Reads the config repo layout: <c>gitgateway.yaml</c> at the root, <c>platform/team.yaml</c> and
/// <c>teams/&lt;team&gt;/team.yaml</c>. Used by the renderer for ownership checks and by <c>gitgateway
/// codeowners</c>. Without <c>gitgateway.yaml</c> the input is flat: no teams, no ownership checks.
/// </summary>
public static class RepoLayout
{
    /// <summary>The team file name in each team folder.</summary>
    public const string TeamFileName = "team.yaml";

    /// <summary>Loads the layout from the files of one commit (repo-relative paths, forward slashes).</summary>
    public static RepoLayoutInfo Load(IReadOnlyList<SourceFile> files) => Load(files, null);

    /// <summary>
    /// Loads the layout; <paramref name="established"/> (the claims before the change, when known) decides which side
    /// of an overlap between two teams' hostnames is the newcomer that carries the <c>ClaimConflict</c>.
    /// </summary>
    public static RepoLayoutInfo Load(IReadOnlyList<SourceFile> files, EstablishedClaims? established)
    {
        ArgumentNullException.ThrowIfNull(files);
        var diagnostics = new DiagnosticBag();
        var configFile = files.FirstOrDefault(f => f.Path == GitGatewayConfig.FileName);
        if (configFile is null)
        {
            return new RepoLayoutInfo(null, [], []);
        }

        var config = ReadConfig(configFile, diagnostics);
        var teams = new List<LayoutTeam>();
        foreach (var file in files.Where(f => IsTeamFile(f.Path, config)).OrderBy(f => f.Path, StringComparer.Ordinal))
        {
            var dir = file.Path[..^TeamFileName.Length];
            var objects = ManifestLoader.Load([file], diagnostics, config);
            var teamObjects = objects.Where(o => o.Kind == "Team").ToList();
            if (teamObjects.Count != 1)
            {
                diagnostics.Error(DiagnosticCodes.InvalidTeam, new SourceMark(file.Path, 1, 1),
                    $"{file.Path} must hold exactly one Team object (apiVersion gitgateway.dev/v1alpha1, kind Team); it holds {teamObjects.Count}");
                continue;
            }

            var team = TeamReader.Read(teamObjects[0], new FieldReader(diagnostics));
            var isPlatformDir = dir == config.PlatformDir + "/";
            if (team.IsPlatform != isPlatformDir)
            {
                diagnostics.Error(DiagnosticCodes.InvalidTeam, team.Mark, isPlatformDir
                    ? $"the team in {dir} must have role: platform"
                    : $"role: platform is only allowed in {config.PlatformDir}/{TeamFileName}; use role: team here");
                team = team with { Role = isPlatformDir ? "platform" : "team" };
            }

            teams.Add(new LayoutTeam(team, dir));
        }

        CheckUniqueNames(teams, diagnostics);
        HostnameClaims.CheckDelegations(teams, config, diagnostics);
        HostnameClaims.CheckOverlaps(teams, config, established, diagnostics);
        return new RepoLayoutInfo(config, teams, diagnostics.ToSortedList());
    }

    private static bool IsTeamFile(string path, GitGatewayConfig config)
    {
        if (path == $"{config.PlatformDir}/{TeamFileName}")
        {
            return true;
        }

        var prefix = config.TeamsDir + "/";
        if (!path.StartsWith(prefix, StringComparison.Ordinal) || !path.EndsWith("/" + TeamFileName, StringComparison.Ordinal))
        {
            return false;
        }

        var middle = path[prefix.Length..^(TeamFileName.Length + 1)];
        return middle.Length > 0 && !middle.Contains('/', StringComparison.Ordinal);
    }

    private static GitGatewayConfig ReadConfig(SourceFile file, DiagnosticBag diagnostics)
    {
        var fallback = new GitGatewayConfig(null, "platform", "teams", new SourceMark(file.Path, 1, 1));
        var objects = ManifestLoader.Load([file], diagnostics);
        var obj = objects.FirstOrDefault(o => o.Kind == "GitGatewayConfig");
        if (obj is null)
        {
            diagnostics.Error(DiagnosticCodes.MissingField, fallback.Mark,
                "gitgateway.yaml must hold a GitGatewayConfig (apiVersion gitgateway.dev/v1alpha1, kind GitGatewayConfig)");
            return fallback;
        }

        var f = new FieldReader(diagnostics);
        var spec = f.Map(obj.Root, "spec");
        return new GitGatewayConfig(
            f.Str(spec, "controllerName"),
            (f.Str(spec, "platformDir") ?? "platform").Trim('/'),
            (f.Str(spec, "teamsDir") ?? "teams").Trim('/'),
            obj.Mark,
            f.MapSeq(spec, "ignoredKinds").Select(k => new IgnoredKind(f.Str(k, "apiVersion") ?? "", f.Str(k, "kind") ?? "")).ToList())
        {
            Delegations = ReadDelegations(spec, f),
            DestructiveRemovalPercent = (int)(f.IntInRange(spec, "destructiveRemovalPercent", 0, 100) ?? GitGatewayConfig.DefaultDestructiveRemovalPercent),
            Limits = RepoLimitsReader.Read(spec, f),
        };
    }

    private static List<HostnameDelegation> ReadDelegations(YamlMapping? spec, FieldReader f)
    {
        var result = new List<HostnameDelegation>();
        foreach (var entry in f.MapSeq(spec, "delegations"))
        {
            var hostname = f.Str(entry, "hostname", required: true);
            var teams = f.StrSeq(entry, "teams").Select(t => t.Value).Distinct(StringComparer.Ordinal).ToList();
            if (hostname is null)
            {
                continue;
            }

            if (Hostnames.Validate(hostname, allowWildcard: true) is { } problem)
            {
                f.Diagnostics.Error(DiagnosticCodes.InvalidHostname, entry.KeyMark("hostname"), problem);
                continue;
            }

            if (teams.Count < 2)
            {
                f.Diagnostics.Error(DiagnosticCodes.InvalidTeam, entry.KeyMark("teams"), $"the delegation of {hostname} must name at least two teams that share it");
                continue;
            }

            result.Add(new HostnameDelegation(hostname.ToLowerInvariant(), teams, entry.Mark));
        }

        return result;
    }

    private static void CheckUniqueNames(List<LayoutTeam> teams, DiagnosticBag diagnostics)
    {
        var byName = new Dictionary<string, LayoutTeam>(StringComparer.Ordinal);
        foreach (var team in teams)
        {
            if (!byName.TryAdd(team.Name, team))
            {
                diagnostics.Error(DiagnosticCodes.InvalidTeam, team.Team.Mark,
                    $"team name '{team.Name}' is also used by {byName[team.Name].Team.Mark.File}: team names must be unique");
            }
        }
    }
}
