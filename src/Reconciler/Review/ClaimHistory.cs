using GitGateway.Reconciler.Git;
using GitGateway.Renderer.Diagnostics;
using GitGateway.Renderer.Layout;
using GitGateway.Renderer.Rendering;

namespace GitGateway.Reconciler.Review;

/// <summary>
/// Renders a change knowing the hostname claims in force before it (the pull request's base, the commit applied last),
/// so that a <c>ClaimConflict</c> lands on the team whose change made it, and team isolation keeps the team that held
/// the hostname first serving (docs/kinds.md, "Who owns a hostname").
/// </summary>
internal static class ClaimHistory
{
    /// <summary><paramref name="render"/> with the claims of <paramref name="before"/> established; unchanged when it is null or read no team.</summary>
    public static Func<RenderInput, RenderResult> After(Func<RenderInput, RenderResult> render, RepoLayoutInfo? before)
    {
        if (before is null || before.Teams.Count == 0)
        {
            return render;
        }

        var claims = EstablishedClaims.Of(before);
        return input => render(input with { EstablishedClaims = claims });
    }

    /// <summary>Whether a render has an overlap of claims for the history to place.</summary>
    public static bool HasConflict(RenderResult result) => result.Diagnostics.Any(d => d.Code == DiagnosticCodes.ClaimConflict);

    /// <summary>The layout of <paramref name="commit"/>, or null when there is none or it is gone (a rewritten history).</summary>
    public static async Task<RepoLayoutInfo?> LayoutOfAsync(ICommitSource source, string? commit, CancellationToken cancellationToken)
    {
        if (commit is null)
        {
            return null;
        }

        try
        {
            var files = await source.ReadAsync(commit, cancellationToken);
            return files.OverRepositoryCap ? null : RepoLayout.Load(files.Files);
        }
        catch (GitException)
        {
            return null;
        }
    }
}
