using GitGateway.Renderer.Layout;

namespace GitGateway.Reconciler.Review;

/// <summary>
/// What a review knows besides the two renders: both revisions' layouts (teams and their claims, the repository
/// settings) and the head's <see cref="DestructiveOverride"/> reason, if any.
/// </summary>
internal sealed record ReviewContext(RepoLayoutInfo? BaseLayout, RepoLayoutInfo? HeadLayout, string? Override)
{
    public static ReviewContext None { get; } = new(null, null, null);
}
