using GitGateway.Plan.Model;

namespace GitGateway.Renderer.Manifests;

/// <summary>
/// The caps of <c>spec.limits</c> in <c>gitgateway.yaml</c>: one set for the whole repository, one for each
/// team's folder. The defaults fit a repository of 10,000 routes across 200 teams (bench/render generates one:
/// about 11,200 files and 8 MB) with room to grow, and keep a hostile repository (100,000 files) from being read
/// into memory: the Git reader stops at the repository's file and byte caps before reading any content.
/// </summary>
/// <param name="Repository">The repository's caps (<c>spec.limits.repository</c>).</param>
/// <param name="Team">Each team's caps (<c>spec.limits.team</c>), the platform folder included.</param>
/// <param name="Mark">Where <c>spec.limits</c> is written, or null when the defaults apply.</param>
public sealed record RepoLimits(LimitSet Repository, LimitSet Team, SourceMark? Mark = null)
{
    /// <summary>The repository's default caps: 20,000 files, 64 MiB, 20,000 routes, 10,000 hostnames.</summary>
    public static readonly LimitSet DefaultRepository = new(20_000, 64L * 1024 * 1024, 20_000, 10_000);

    /// <summary>Each team's default caps: 5,000 files, 16 MiB, 2,500 routes, 1,000 hostnames.</summary>
    public static readonly LimitSet DefaultTeam = new(5_000, 16L * 1024 * 1024, 2_500, 1_000);

    /// <summary>The caps when <c>gitgateway.yaml</c> sets none (or there is none).</summary>
    public static readonly RepoLimits Default = new(DefaultRepository, DefaultTeam);

    /// <summary>The largest a file, route or hostname cap may be set to.</summary>
    public const long MaxCount = 1_000_000;

    /// <summary>The largest a byte cap may be set to (1 GiB: above it the reader could hold gigabytes).</summary>
    public const long MaxBytes = 1024L * 1024 * 1024;
}
