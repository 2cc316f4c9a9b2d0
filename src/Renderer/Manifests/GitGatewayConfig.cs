using GitGateway.Plan.Model;

namespace GitGateway.Renderer.Manifests;

/// <summary>The repo settings in <c>gitgateway.yaml</c> that rendering uses.</summary>
/// <param name="ControllerName">The controller name of our GatewayClasses, or null for the default.</param>
/// <param name="PlatformDir">The platform folder (default <c>platform</c>).</param>
/// <param name="TeamsDir">The teams folder (default <c>teams</c>).</param>
/// <param name="Mark">Where it is declared.</param>
/// <param name="IgnoredKinds">Kinds outside GitGateway's that the repository may carry (<c>spec.ignoredKinds</c>).</param>
public sealed record GitGatewayConfig(string? ControllerName, string PlatformDir, string TeamsDir, SourceMark Mark,
    IReadOnlyList<IgnoredKind>? IgnoredKinds = null)
{
    /// <summary>The file name that turns a directory into a config repo.</summary>
    public const string FileName = "gitgateway.yaml";

    /// <summary>The default of <see cref="DestructiveRemovalPercent"/>.</summary>
    public const int DefaultDestructiveRemovalPercent = 20;

    /// <summary>Hostnames the platform lets several teams claim at once (<c>spec.delegations</c>).</summary>
    public IReadOnlyList<HostnameDelegation> Delegations { get; init; } = [];

    /// <summary>
    /// A change that removes more than this share (percent) of the routes or of the hostnames served is destructive
    /// (<c>spec.destructiveRemovalPercent</c>, default 20).
    /// </summary>
    public int DestructiveRemovalPercent { get; init; } = DefaultDestructiveRemovalPercent;

    /// <summary>The repository's and each team's caps on files, bytes, routes and hostnames (<c>spec.limits</c>).</summary>
    public RepoLimits Limits { get; init; } = RepoLimits.Default;

    /// <summary>Whether <c>spec.ignoredKinds</c> lists this apiVersion and kind.</summary>
    public bool Ignores(string apiVersion, string kind) =>
        IgnoredKinds?.Any(k => k.ApiVersion == apiVersion && k.Kind == kind) == true;
}
