using GitGateway.Renderer.Diagnostics;
using GitGateway.Renderer.Manifests;

namespace GitGateway.Renderer.Layout;

/// <summary>What <see cref="RepoLayout.Load"/> found.</summary>
/// <param name="Config">The <c>gitgateway.yaml</c> settings, or null in flat mode.</param>
/// <param name="Teams">The teams, sorted by folder.</param>
/// <param name="Diagnostics">Problems with the config or team files.</param>
public sealed record RepoLayoutInfo(GitGatewayConfig? Config, IReadOnlyList<LayoutTeam> Teams, IReadOnlyList<Diagnostic> Diagnostics)
{
    /// <summary>True when the input is a config repo (it has <c>gitgateway.yaml</c> at its root).</summary>
    public bool IsLayout => Config is not null;

    /// <summary>The team whose folder holds <paramref name="path"/>, or null.</summary>
    public LayoutTeam? OwnerOf(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        foreach (var position in TeamFolders.Holding(Teams, path))
        {
            return Teams[position];
        }

        return null;
    }
}
