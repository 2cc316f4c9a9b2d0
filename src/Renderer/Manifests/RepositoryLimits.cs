namespace GitGateway.Renderer.Manifests;

/// <summary>
/// The size caps of a config repository (<c>spec.limits</c> in <c>gitgateway.yaml</c>): for the whole
/// repository and for each team folder. The defaults fit a 10,000-route, 200-team repository with room to grow
/// and keep a hostile commit (100,000 files) from taking the control plane's memory.
/// </summary>
/// <param name="Repository">Caps on the whole repository.</param>
/// <param name="Team">Caps on each team folder (the platform folder counts as a team).</param>
public sealed record RepositoryLimits(SizeLimits Repository, SizeLimits Team)
{
    /// <summary>The defaults.</summary>
    public static RepositoryLimits Default { get; } = new(
        new SizeLimits(Files: 50_000, Bytes: 256L * 1024 * 1024, Routes: 50_000, Hostnames: 100_000),
        new SizeLimits(Files: 10_000, Bytes: 64L * 1024 * 1024, Routes: 10_000, Hostnames: 10_000));
}
