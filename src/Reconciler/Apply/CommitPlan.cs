using GitGateway.Plan.Serialization;
using GitGateway.Renderer.Rendering;

namespace GitGateway.Reconciler.Apply;

/// <summary>
/// The plan a commit applies, the one definition the apply and the review share: the head as rendered when it has no
/// error; else the head with the refused teams' folders kept from earlier commits (<see cref="TeamIsolation"/>); else
/// none (refused as a whole). The review shows this plan and records its <see cref="Hash"/> for the
/// apply-only-reviewed mode, and the apply looks the review up by the same hash, so a merge with a team refused is
/// found as the plan its comment showed, not as the head's broken render.
/// </summary>
internal static class CommitPlan
{
    /// <param name="read">Reads the manifests of a commit.</param>
    /// <param name="render">The render of <paramref name="head"/>; a team's kept folder is rendered through it too.</param>
    /// <param name="head">The input <paramref name="headResult"/> was rendered from.</param>
    /// <param name="kept">Team folders kept from an earlier commit in the plan in force, and that commit.</param>
    /// <param name="applied">The commit a refused team's folder is otherwise taken from: the plan in force, or the base of a pull request.</param>
    public static async Task<IsolatedRender?> RenderAsync(
        Func<string, CancellationToken, Task<IReadOnlyList<SourceFile>>> read,
        Func<RenderInput, RenderResult> render,
        RenderInput head,
        RenderResult headResult,
        IReadOnlyDictionary<string, string> kept,
        string? applied,
        CancellationToken cancellationToken) =>
        headResult.HasErrors
            ? await TeamIsolation.RenderAsync(read, render, head, headResult, kept, applied, cancellationToken)
            : new IsolatedRender(headResult, [], head.Files);

    /// <summary>The hash of the plan <paramref name="applying"/> serves, as the nodes and the reviewed plans know it.</summary>
    public static string Hash(IsolatedRender applying) => PlanJson.Hash(applying.Result.Plan);
}
