using System.Collections.Concurrent;
using GitGateway.Reconciler.Git;
using GitGateway.Reconciler.Review.RoutingTests;
using GitGateway.Renderer.Layout;
using GitGateway.Renderer.Rendering;

namespace GitGateway.Reconciler.Review;

/// <summary>
/// Reviews pull requests: for each open pull request whose head changed, renders what merging it would give (the
/// base branch's tip with the head merged in, computed in our mirror with <c>git merge-tree</c>, never trusted from
/// the code host's merge ref) against that tip, runs the routing tests, edits the one comment and sets the
/// <c>gitgateway/plan</c> check. When the base branch moves, every open pull request against it is planned again;
/// if the merged result would now do something else than the comment shows, the comment and the check are edited
/// and say why. Every plan shown is recorded in <paramref name="plans"/> (when given) with whether its check passed,
/// for the apply-only-reviewed mode. What each comment shows is saved with <paramref name="reviewed"/> (when given), so a restart does
/// not review it again. With <paramref name="inForce"/>, a pull request against the applied branch is planned as the apply
/// will apply its merge: a refused team's folder comes from what is applied (<see cref="PlanInForce"/>), not from the
/// base, it is diffed against what the edge serves when its base is applied or held (<see cref="ServedPlan"/>), and a
/// change of what is applied, or of whether its base is held, plans it again as a move of its base does.
/// </summary>
internal sealed partial class ReviewService(
    ICommitSource source,
    ICodeHost host,
    Func<RenderInput, RenderResult> render,
    IRouteResolver resolver,
    string? blobUrlPrefix,
    ILogger<ReviewService> logger,
    ReviewedHeadsStore? reviewed = null,
    (PlanDiffStore Store, PlanDiffLinks Links)? diffs = null,
    ReviewedPlans? plans = null,
    Func<PlanInForce>? inForce = null)
{
    private readonly ConcurrentDictionary<int, ReviewedHead> _reviewed = new();
    private readonly ConcurrentDictionary<string, bool> _rebuilt = new(StringComparer.Ordinal);

    /// <summary>Reads what the comments showed before a restart.</summary>
    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        if (reviewed is null)
        {
            return;
        }

        Dictionary<int, ReviewedHead> saved;
        try
        {
            saved = await reviewed.LoadAsync(cancellationToken);
        }
        catch (System.Text.Json.JsonException e)
        {
            // Losing this file costs one more review per open pull request, which edits the same comment.
            LogReviewedUnreadable(logger, reviewed.Path, e.Message);
            return;
        }

        foreach (var (number, head) in saved)
        {
            _reviewed[number] = head;
        }
    }

    /// <summary>The head and base each open pull request's comment shows (for tests and status).</summary>
    public IReadOnlyDictionary<int, ReviewedHead> Reviewed => _reviewed;

    /// <summary>
    /// Reviews every open pull request whose head is new since the last review or whose base branch moved; forgets
    /// closed ones.
    /// </summary>
    public async Task ReviewOpenPullRequestsAsync(CancellationToken cancellationToken)
    {
        var open = await host.ListOpenPullRequestsAsync(cancellationToken);
        var closed = _reviewed.Keys.Except(open.Select(p => p.Number)).ToList();
        if (closed.Count > 0)
        {
            closed.ForEach(n => _reviewed.TryRemove(n, out _));
            await SaveAsync(cancellationToken);
        }

        foreach (var pr in open)
        {
            await ReviewAsync(pr, force: false, cancellationToken);
        }
    }

    /// <summary>
    /// Reviews one pull request; returns false when neither its head nor its base moved since the comment was
    /// written (and not forced), or when only the base moved and the merged result reads the same.
    /// </summary>
    public async Task<bool> ReviewAsync(OpenPullRequest pr, bool force, CancellationToken cancellationToken)
    {
        var baseTip = await source.ResolveAsync(pr.BaseRef, cancellationToken);
        var applied = InForce(pr.BaseRef);
        var seen = _reviewed.GetValueOrDefault(pr.Number);
        var sameHead = !force && seen is not null && seen.Head == pr.HeadSha;
        var served = ServedPlan.Of(applied, baseTip);
        var (held, heldReason) = (served?.HeldTip, served?.HeldReason);
        if (sameHead && (seen!.Base == baseTip || seen.Base is null) && seen.Applied == applied?.Commit && seen.Held == held
            && (held is null || seen.HeldReason == heldReason))
        {
            // A record from before bases were kept takes the current tip: its comment was written against some base.
            _reviewed[pr.Number] = seen with { Base = baseTip };
            await KeepFullDiffAsync(pr, baseTip, applied, null, cancellationToken);
            return false;
        }

        var review = await BuildAsync(pr, baseTip, applied, cancellationToken);
        var digest = Digest(review);
        if (plans is not null && review.Applies)
        {
            // Also when the comment stays: an unrelated move of the base still changes the plan merging would apply.
            // A head refused as a whole applies nothing: the plan it shows is the base's, which is not its to vouch for.
            await plans.RecordAsync(review.HeadPlanHash, pr.Number, pr.HeadSha, Acceptable(review), cancellationToken);
        }

        if (sameHead && seen!.Digest == digest)
        {
            _reviewed[pr.Number] = seen with { Base = baseTip, Applied = applied?.Commit, Held = held, HeldReason = heldReason };
            await SaveAsync(cancellationToken);
            LogReplanUnchanged(logger, pr.Number, pr.BaseRef, baseTip ?? "");
            await KeepFullDiffAsync(pr, baseTip, applied, review, cancellationToken);
            return false;
        }

        if (sameHead)
        {
            review = review with { Replanned = Replanned(seen!, pr.BaseRef, baseTip, applied?.Commit, held) };
        }

        await PublishAsync(pr, review, cancellationToken);
        _reviewed[pr.Number] = new ReviewedHead(pr.HeadSha, baseTip, digest) { Applied = applied?.Commit, Held = held, HeldReason = heldReason };
        await SaveAsync(cancellationToken);
        LogReviewed(logger, pr.Number, pr.HeadSha, baseTip ?? "", review.Valid, review.Traffic.Count, sameHead);
        return true;
    }

    /// <summary>
    /// The review of <paramref name="pr"/> as merged into <paramref name="baseTip"/>, its base branch's tip, and applied
    /// over <paramref name="applied"/> when its base branch is the one applied.
    /// </summary>
    public async Task<PlanReview> BuildAsync(OpenPullRequest pr, string? baseTip, PlanInForce? applied, CancellationToken cancellationToken)
    {
        var mergeBase = baseTip is null ? null : await source.MergeBaseAsync(baseTip, pr.HeadSha, cancellationToken);
        var (before, after, conflict) = await MergedAsync(pr, baseTip, mergeBase, cancellationToken);
        var baseRender = before is null ? ((CommitFiles Files, RenderResult Result)?)null : await RenderCommitAsync(source, render, before, pr.BaseRef, cancellationToken);
        // A merge that conflicts is not what the apply would see: the head is planned against the fork point alone.
        var inForce = conflict is null ? applied : null;
        var (headFiles, headInput) = await ReadCommitAsync(source, after, $"pr/{pr.Number}", cancellationToken, agesAt: baseTip ?? after);
        var (renderHead, headResult) = await ClaimHistory.RenderAsync(source, render, headFiles, headInput, ClaimHistory.HoldersOf(inForce, before), cancellationToken);
        var head = (Files: headFiles, Result: headResult);
        var blob = blobUrlPrefix is null ? null : $"{blobUrlPrefix}{pr.HeadSha}/";
        var overrideReason = await DestructiveOverride.FindAsync((c, ct) => source.ReadTrailerAsync(c, DestructiveOverride.Trailer, ct), pr.HeadSha, cancellationToken);
        var context = new ReviewContext(baseRender is { } br ? RepoLayout.Load(br.Files.Files) : null, RepoLayout.Load(head.Files.Files), overrideReason)
        {
            HeadNotRendered = head.Files.OverRepositoryCap,
            BaseOverCap = baseRender is { } over ? BaseOverCap.Of(over.Files.Files, over.Files.OverRepositoryCap, over.Result, pr.BaseRef) : BaseOverCap.None,
            Served = await ServedPlan.ReadAsync(source, inForce, before, cancellationToken),
        };
        context = await IfMerged.AddAsync(context, async (c, ct) => (await source.ReadAsync(c, ct)).Files, renderHead, headInput, head.Result, before, inForce, cancellationToken);
        var tests = IfMerged.Tests(context, resolver, head.Files.Files, head.Result);

        var review = PlanReviewer.Review(baseRender?.Result, head.Result, tests, pr.HeadSha, before, pr.BaseRef, blob, context);
        return review with
        {
            OtherChanges = [.. review.OtherChanges, .. ConfigChanges.Compare(review.Against is { } served ? served.Files : baseRender?.Files.Files, head.Files.Files)],
            MergeConflict = conflict,
        };
    }

    /// <summary>
    /// What to compare: while the base has not moved past the fork point, the fork point and the head; once it has,
    /// its tip and the tree of the head merged into it (what merging would apply). A merge that conflicts cannot be
    /// applied as is: the head is planned against the fork point, and the review says so.
    /// </summary>
    private async Task<(string? Before, string After, string? Conflict)> MergedAsync(OpenPullRequest pr, string? baseTip, string? mergeBase, CancellationToken cancellationToken)
    {
        if (baseTip is null || mergeBase is null || mergeBase == baseTip)
        {
            return (mergeBase, pr.HeadSha, null);
        }

        return await source.MergeTreeAsync(baseTip, pr.HeadSha, cancellationToken) is { } tree
            ? (baseTip, tree, null)
            : (mergeBase, pr.HeadSha, $"The head does not merge cleanly into {pr.BaseRef} at {baseTip}: planned against the fork point {mergeBase}; resolve the conflict to see what merging would apply.");
    }

    /// <summary>What the apply serves when <paramref name="baseRef"/> is the branch it applies, else null.</summary>
    private PlanInForce? InForce(string baseRef) => inForce?.Invoke() is { } f && f.Branch == baseRef ? f : null;

    private async Task PublishAsync(OpenPullRequest pr, PlanReview review, CancellationToken cancellationToken)
    {
        if (diffs is { } d)
        {
            review = await SaveFullDiffAsync(d, pr, review, cancellationToken);
        }

        await host.UpsertCommentAsync(pr.Number, PlanCommentRenderer.Render(review), cancellationToken);
        await host.SetCheckAsync(PlanCheckBuilder.Build(review), cancellationToken);
    }

    /// <summary>The whole review, uncut, where the comment and the check can link to it when GitHub's limits cut them.</summary>
    private static async Task<PlanReview> SaveFullDiffAsync((PlanDiffStore Store, PlanDiffLinks Links) d, OpenPullRequest pr, PlanReview review, CancellationToken cancellationToken)
    {
        review = review with { FullDiffUrl = d.Links.For(pr.HeadSha) };
        await d.Store.SaveAsync(pr.HeadSha, PlanCommentRenderer.Render(review, int.MaxValue).Replace(PlanCommentRenderer.Marker + "\n", "", StringComparison.Ordinal), cancellationToken);
        return review;
    }

    /// <summary>
    /// A pull request whose comment stays as it is keeps its full review behind the comment's link: one missing from
    /// this replica's folder (written by a leader before a takeover, or lost with a volume) is built again from Git,
    /// the same head against the same base, and saved; nothing is written to GitHub. Once per head in this process:
    /// with more open pull requests than the folder keeps, one let go is not built again at every pass.
    /// </summary>
    private async Task KeepFullDiffAsync(OpenPullRequest pr, string? baseTip, PlanInForce? applied, PlanReview? review, CancellationToken cancellationToken)
    {
        if (diffs is { } d && !d.Store.Has(pr.HeadSha) && _rebuilt.TryAdd(pr.HeadSha, true))
        {
            await SaveFullDiffAsync(d, pr, review ?? await BuildAsync(pr, baseTip, applied, cancellationToken), cancellationToken);
            LogFullDiffRebuilt(logger, pr.Number, pr.HeadSha);
        }
    }

    /// <summary>Why a comment that showed <paramref name="seen"/> for the same head is edited: its base moved, what is applied changed, or whether the base's tip is held.</summary>
    private static string Replanned(ReviewedHead seen, string baseRef, string? baseTip, string? applied, string? held) =>
        (seen.Base != baseTip ? $"Re-planned because {baseRef} moved to {baseTip}"
            : seen.Applied != applied ? $"Re-planned because what {baseRef} applies changed to {applied ?? "nothing"}"
            : held is not null && seen.Held == held ? $"Re-planned because the apply holds {baseRef}'s tip {held} for another reason"
            : held is not null ? $"Re-planned because the apply holds {baseRef}'s tip {held}"
            : $"Re-planned because the apply no longer holds {baseRef}'s tip {baseTip}")
        + ": this is what merging the pull request would do now.";

    /// <summary>
    /// Whether the apply-only-reviewed mode may apply this plan, what merging applies (<see cref="PlanReview.Applies"/>):
    /// its routing tests pass and it is not destructive, or the head's override trailer allows what fails, as the apply
    /// guard reads it. Teams refused for their own files do not make it unacceptable: the comment shows the plan with
    /// their folders as on the base, and that plan is what the apply serves.
    /// </summary>
    private static bool Acceptable(PlanReview review) =>
        review.Applies && ((review.TestsFailed == 0 && !review.DestructiveBlocked) || review.Override is not null);

    /// <summary>What the comment says, leaving out the commits and hashes that change whenever the base moves.</summary>
    private static string Digest(PlanReview review)
    {
        var text = PlanCommentRenderer.Render(review with { BaseSha = null, HeadPlanHash = "", FullDiffUrl = null, Replanned = null }, int.MaxValue);
        return Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)));
    }

    private Task SaveAsync(CancellationToken cancellationToken) =>
        reviewed is null ? Task.CompletedTask : reviewed.SaveAsync(new Dictionary<int, ReviewedHead>(_reviewed), cancellationToken);

    /// <summary>
    /// Reads and renders one commit, with the objects' ages from the history of <paramref name="agesAt"/> (default: the
    /// commit itself; for a merge result, the base branch's tip, so the pull request's new objects are the newest);
    /// what the tree reader did not read (symlinks, submodules) is reported with the render's diagnostics.
    /// </summary>
    public static async Task<(CommitFiles Files, RenderResult Result)> RenderCommitAsync(
        ICommitSource source, Func<RenderInput, RenderResult> render, string commit, string refName, CancellationToken cancellationToken, string? agesAt = null)
    {
        var (files, input) = await ReadCommitAsync(source, commit, refName, cancellationToken, agesAt);
        return (files, RenderRead(render, files, input));
    }

    /// <summary>Reads one commit and the input that renders it (see <see cref="RenderCommitAsync"/>).</summary>
    public static async Task<(CommitFiles Files, RenderInput Input)> ReadCommitAsync(
        ICommitSource source, string commit, string refName, CancellationToken cancellationToken, string? agesAt = null)
    {
        var files = await source.ReadAsync(commit, cancellationToken);
        var ages = await source.AgesAsync(agesAt ?? commit, files.Files, cancellationToken); // blobs already read are not read again
        return (files, InputOf(files, ages, commit, refName));
    }

    /// <summary>The input that renders <paramref name="files"/> of <paramref name="commit"/>, named as Flux names a revision.</summary>
    public static RenderInput InputOf(CommitFiles files, ObjectAges? ages, string commit, string refName) =>
        new(files.Files, $"{refName}@sha1:{commit}") { Ages = ages };

    /// <summary>Renders files already read, with what the tree reader did not read reported among the diagnostics.</summary>
    public static RenderResult RenderRead(Func<RenderInput, RenderResult> render, CommitFiles files, RenderInput input)
    {
        var result = render(input);
        return files.Diagnostics.Count == 0 ? result : result with { Diagnostics = [.. result.Diagnostics, .. files.Diagnostics] };
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Path} is not readable ({Error}); open pull requests are reviewed again")]
    private static partial void LogReviewedUnreadable(ILogger logger, string path, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Reviewed pull request #{Number} at {Sha} merged into {Base}: valid {Valid}, {Lines} traffic changes (re-planned: {Replanned})")]
    private static partial void LogReviewed(ILogger logger, int number, string sha, string @base, bool valid, int lines, bool replanned);

    [LoggerMessage(Level = LogLevel.Information, Message = "Pull request #{Number}: the full review of {Head} was not in this replica's folder; built again from Git")]
    private static partial void LogFullDiffRebuilt(ILogger logger, int number, string head);

    [LoggerMessage(Level = LogLevel.Information, Message = "Pull request #{Number} re-planned after {BaseRef} moved to {Base}: the merged result reads the same, its comment is kept")]
    private static partial void LogReplanUnchanged(ILogger logger, int number, string baseRef, string @base);
}
