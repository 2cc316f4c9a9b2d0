using GitGateway.Renderer.Manifests;

namespace GitGateway.Renderer.Layout;

/// <summary>A team of the config repo and the folder it owns (<c>teams/store/</c>, <c>platform/</c>).</summary>
/// <param name="Team">The team file's content.</param>
/// <param name="Directory">The repo-relative folder holding its <c>team.yaml</c>, with a trailing slash.</param>
public sealed record LayoutTeam(Team Team, string Directory)
{
    /// <summary>The team name.</summary>
    public string Name => Team.Name;

    /// <summary>The owners (GitHub users or teams), in file order.</summary>
    public IReadOnlyList<string> Owners => Team.Owners;
}
