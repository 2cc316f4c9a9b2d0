using GitGateway.Renderer.Layout;
using GitGateway.Renderer.Rendering;

namespace GitGateway.Reconciler.Review;

/// <summary>
/// What a review knows besides the two renders: both revisions' layouts (teams and their claims, the repository
/// settings) and the head's <see cref="DestructiveOverride"/> reason, if any.
/// </summary>
internal sealed record ReviewContext(RepoLayoutInfo? BaseLayout, RepoLayoutInfo? HeadLayout, string? Override)
{
    public static ReviewContext None { get; } = new(null, null, null);

    /// <summary>
    /// For a head that renders with errors: what merging it would apply, the head with the refused teams' folders
    /// taken from the base (per-team isolation, as the control plane applies it); null when merging it would be
    /// refused as a whole, so the edge keeps serving the base.
    /// </summary>
    public RenderResult? IfMerged { get; init; }

    /// <summary>
    /// Set when the head is over the repository's cap on files or bytes: only its <c>gitgateway.yaml</c> was read, so
    /// its render and layout say nothing of the change (every team would read as removed), and the review says the
    /// head was not rendered instead of diffing it.
    /// </summary>
    public bool HeadNotRendered { get; init; }

    /// <summary>What the review says of a base already over a cap of <c>spec.limits</c>; a base not read is not diffed.</summary>
    public BaseOverCap BaseOverCap { get; init; } = BaseOverCap.None;

    /// <summary>The files <see cref="IfMerged"/> rendered (its routing tests are these files' tests).</summary>
    public IReadOnlyList<SourceFile>? IfMergedFiles { get; init; }

    /// <summary>The teams whose folders <see cref="IfMerged"/> takes from the base (or from what is applied, see <see cref="KeptFrom"/>).</summary>
    public IReadOnlyList<string> KeptTeams { get; init; } = [];

    /// <summary>
    /// The plan the edge serves, when the diff and the destructive-change guard are against it rather than against the
    /// base's render (<see cref="ServedPlan"/>); null otherwise.
    /// </summary>
    public ServedPlan? Served { get; init; }

    /// <summary>The commits <see cref="KeptTeams"/>' folders come from when that is not the base (the apply keeps them from earlier commits); null when it is.</summary>
    public IReadOnlyList<string>? KeptFrom { get; init; }
}
