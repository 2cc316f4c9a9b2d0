using GitGateway.Reconciler.Apply;
using GitGateway.Reconciler.Git;
using GitGateway.Renderer.Diagnostics;
using GitGateway.Renderer.Layout;
using GitGateway.Renderer.Rendering;

namespace GitGateway.Reconciler.Review;

/// <summary>
/// Renders a change knowing the hostname claims in force before it (the commit applied last, else the pull request's base),
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

    /// <summary>
    /// Renders a change with the claims in force before it, the one way the apply and the review place a
    /// <c>ClaimConflict</c>: <paramref name="files"/> as rendered, and when that has an overlap, rendered again with the
    /// claims of <paramref name="holders"/> established (<see cref="HoldersOf"/>): its commit's teams, each team folder
    /// the apply keeps from an earlier commit read from there (the <c>team.yaml</c> the edge serves, not the refused
    /// one). Returns the render to go on with (team isolation renders kept folders through it) and the result.
    /// </summary>
    public static async Task<(Func<RenderInput, RenderResult> Render, RenderResult Result)> RenderAsync(
        ICommitSource source, Func<RenderInput, RenderResult> render, CommitFiles files, RenderInput input, Holders holders, CancellationToken cancellationToken)
    {
        var result = ReviewService.RenderRead(render, files, input);
        if (!HasConflict(result) || await LayoutOfAsync(source, holders, cancellationToken) is not { } before)
        {
            return (render, result);
        }

        var after = After(render, before);
        return (after, ReviewService.RenderRead(after, files, input));
    }

    /// <summary>
    /// The commit whose claims are in force before a change merged into <paramref name="baseCommit"/>: with
    /// <paramref name="inForce"/> known (the base branch is the one applied), the commit it applied last, which is what
    /// the edge serves and what the apply decides from (none yet: no claim is held); else the base.
    /// </summary>
    public static Holders HoldersOf(PlanInForce? inForce, string? baseCommit) => inForce is null ? new(baseCommit, null) : new(inForce.Commit, inForce.KeptTeams);

    /// <summary>Whether a render has an overlap of claims for the history to place.</summary>
    private static bool HasConflict(RenderResult result) => result.Diagnostics.Any(d => d.Code == DiagnosticCodes.ClaimConflict);

    /// <summary>
    /// The layout in force of <paramref name="holders"/> (<see cref="FilesInForceAsync"/>), or null when their commit
    /// is none or gone. The claims the apply and the review place a <c>ClaimConflict</c> by, the teams and settings
    /// the apply's guard (<see cref="ApplyGuard"/>) and the review's destructive-change guard count against.
    /// </summary>
    public static async Task<RepoLayoutInfo?> LayoutOfAsync(ICommitSource source, Holders holders, CancellationToken cancellationToken, CommitFiles? commitFiles = null) =>
        await FilesInForceAsync(source, holders, cancellationToken, commitFiles) is { } files ? RepoLayout.Load(files) : null;

    /// <summary>
    /// The files in force of <paramref name="holders"/>: their commit's (<paramref name="commitFiles"/> when the caller
    /// holds that commit's files) with each team folder the apply keeps read from the commit it keeps it from, or null
    /// when there is no commit, it is gone (a rewritten history) or over the repository's cap; a kept folder whose
    /// commit is gone stays as the holders' commit has it.
    /// </summary>
    public static async Task<IReadOnlyList<SourceFile>?> FilesInForceAsync(ICommitSource source, Holders holders, CancellationToken cancellationToken, CommitFiles? commitFiles = null)
    {
        var files = commitFiles is not null && holders.Commit is not null && commitFiles.Commit == holders.Commit
            ? (commitFiles.OverRepositoryCap ? null : commitFiles.Files)
            : await FilesOfAsync(source, holders.Commit, cancellationToken);
        if (files is null)
        {
            return null;
        }

        foreach (var (folder, from) in holders.Kept ?? new Dictionary<string, string>())
        {
            if (await FilesOfAsync(source, from, cancellationToken) is { } kept)
            {
                files = TeamIsolation.WithFolder(files, folder, kept);
            }
        }

        return files;
    }

    private static async Task<IReadOnlyList<SourceFile>?> FilesOfAsync(ICommitSource source, string? commit, CancellationToken cancellationToken)
    {
        if (commit is null)
        {
            return null;
        }

        try
        {
            var files = await source.ReadAsync(commit, cancellationToken);
            return files.OverRepositoryCap ? null : files.Files;
        }
        catch (GitException)
        {
            return null;
        }
    }

    /// <summary>The commit whose teams hold the claims in force, and the team folders the apply keeps from earlier commits (folder → commit).</summary>
    internal sealed record Holders(string? Commit, IReadOnlyDictionary<string, string>? Kept);
}
