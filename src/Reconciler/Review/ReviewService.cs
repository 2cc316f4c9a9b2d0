using System.Collections.Concurrent;
using GitGateway.Reconciler.Git;
using GitGateway.Reconciler.Review.RoutingTests;
using GitGateway.Renderer.Layout;
using GitGateway.Renderer.Rendering;

namespace GitGateway.Reconciler.Review;

/// <summary>
/// Reviews pull requests: for each open pull request whose head changed, renders the merge base and the head,
/// runs the routing tests, edits the one comment and sets the <c>gitgateway/plan</c> check. The heads reviewed
/// are saved with <paramref name="reviewed"/> (when given), so a restart does not review them again.
/// </summary>
internal sealed partial class ReviewService(
    ICommitSource source,
    ICodeHost host,
    Func<RenderInput, RenderResult> render,
    IRouteResolver resolver,
    string? blobUrlPrefix,
    ILogger<ReviewService> logger,
    ReviewedHeadsStore? reviewed = null,
    (PlanDiffStore Store, PlanDiffLinks Links)? diffs = null)
{
    private readonly ConcurrentDictionary<int, string> _reviewed = new();

    /// <summary>Reads the heads reviewed before a restart.</summary>
    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        if (reviewed is null)
        {
            return;
        }

        Dictionary<int, string> saved;
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

        foreach (var (number, sha) in saved)
        {
            _reviewed[number] = sha;
        }
    }

    /// <summary>Reviews every open pull request whose head is new since the last review; forgets closed ones.</summary>
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

    /// <summary>Reviews one pull request; returns false when its head was already reviewed and not forced.</summary>
    public async Task<bool> ReviewAsync(OpenPullRequest pr, bool force, CancellationToken cancellationToken)
    {
        if (!force && _reviewed.TryGetValue(pr.Number, out var seen) && seen == pr.HeadSha)
        {
            return false;
        }

        var review = await BuildAsync(pr, cancellationToken);
        if (diffs is { } d)
        {
            // The whole review, uncut, where the comment and the check can link to it when GitHub's limits cut them.
            review = review with { FullDiffUrl = d.Links.For(pr.HeadSha) };
            await d.Store.SaveAsync(pr.HeadSha, PlanCommentRenderer.Render(review, int.MaxValue).Replace(PlanCommentRenderer.Marker + "\n", "", StringComparison.Ordinal), cancellationToken);
        }

        await host.UpsertCommentAsync(pr.Number, PlanCommentRenderer.Render(review), cancellationToken);
        await host.SetCheckAsync(PlanCheckBuilder.Build(review), cancellationToken);
        _reviewed[pr.Number] = pr.HeadSha;
        await SaveAsync(cancellationToken);
        LogReviewed(logger, pr.Number, pr.HeadSha, review.Valid, review.Traffic.Count);
        return true;
    }

    public async Task<PlanReview> BuildAsync(OpenPullRequest pr, CancellationToken cancellationToken)
    {
        var baseTip = await source.ResolveAsync(pr.BaseRef, cancellationToken);
        var mergeBase = baseTip is null ? null : await source.MergeBaseAsync(baseTip, pr.HeadSha, cancellationToken);
        var head = await RenderCommitAsync(source, render, pr.HeadSha, $"pr/{pr.Number}", cancellationToken);
        var baseRender = mergeBase is null ? ((CommitFiles Files, RenderResult Result)?)null : await RenderCommitAsync(source, render, mergeBase, pr.BaseRef, cancellationToken);
        var (cases, errors) = RoutingTestLoader.Load(head.Files.Files);
        var tests = errors.Concat(new RoutingTestRunner(resolver).Run(head.Result.Plan, cases)).ToList();
        var blob = blobUrlPrefix is null ? null : $"{blobUrlPrefix}{pr.HeadSha}/";
        var overrideReason = await DestructiveOverride.FindAsync((c, ct) => source.ReadTrailerAsync(c, DestructiveOverride.Trailer, ct), pr.HeadSha, cancellationToken);
        var context = new ReviewContext(baseRender is { } b ? RepoLayout.Load(b.Files.Files) : null, RepoLayout.Load(head.Files.Files), overrideReason);
        var review = PlanReviewer.Review(baseRender?.Result, head.Result, tests, pr.HeadSha, mergeBase, pr.BaseRef, blob, context);
        return review with { OtherChanges = [.. review.OtherChanges, .. ConfigChanges.Compare(baseRender?.Files.Files, head.Files.Files)] };
    }

    private Task SaveAsync(CancellationToken cancellationToken) =>
        reviewed is null ? Task.CompletedTask : reviewed.SaveAsync(new Dictionary<int, string>(_reviewed), cancellationToken);

    /// <summary>Reads and renders one commit; what the tree reader did not read (symlinks, submodules) is reported with the render's diagnostics.</summary>
    public static async Task<(CommitFiles Files, RenderResult Result)> RenderCommitAsync(
        ICommitSource source, Func<RenderInput, RenderResult> render, string commit, string refName, CancellationToken cancellationToken)
    {
        var files = await source.ReadAsync(commit, cancellationToken);
        var result = render(new RenderInput(files.Files, $"{refName}@sha1:{commit}"));
        if (files.Diagnostics.Count > 0)
        {
            result = result with { Diagnostics = [.. result.Diagnostics, .. files.Diagnostics] };
        }

        return (files, result);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Path} is not readable ({Error}); open pull requests are reviewed again")]
    private static partial void LogReviewedUnreadable(ILogger logger, string path, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Reviewed pull request #{Number} at {Sha}: valid {Valid}, {Lines} traffic changes")]
    private static partial void LogReviewed(ILogger logger, int number, string sha, bool valid, int lines);
}
