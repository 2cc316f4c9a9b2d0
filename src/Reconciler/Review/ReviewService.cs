using System.Collections.Concurrent;
using GitGateway.Reconciler.Git;
using GitGateway.Reconciler.Review.RoutingTests;
using GitGateway.Renderer.Diagnostics;
using GitGateway.Renderer.Rendering;
using Microsoft.Extensions.Logging;

namespace GitGateway.Reconciler.Review;

/// <summary>
/// Reviews pull requests: for each open pull request whose head changed, renders the merge base and the head,
/// runs the routing tests, edits the one comment and sets the <c>gitgateway/plan</c> check.
/// </summary>
internal sealed partial class ReviewService(
    ICommitSource source,
    ICodeHost host,
    Func<RenderInput, RenderResult> render,
    IRouteResolver resolver,
    string? blobUrlPrefix,
    ILogger<ReviewService> logger)
{
    private readonly ConcurrentDictionary<int, string> _reviewed = new();

    /// <summary>Reviews every open pull request whose head is new since the last review.</summary>
    public async Task ReviewOpenPullRequestsAsync(CancellationToken cancellationToken)
    {
        foreach (var pr in await host.ListOpenPullRequestsAsync(cancellationToken))
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
        await host.UpsertCommentAsync(pr.Number, PlanCommentRenderer.Render(review), cancellationToken);
        await host.SetCheckAsync(PlanCheckBuilder.Build(review), cancellationToken);
        _reviewed[pr.Number] = pr.HeadSha;
        LogReviewed(logger, pr.Number, pr.HeadSha, review.Valid, review.Traffic.Count);
        return true;
    }

    public async Task<PlanReview> BuildAsync(OpenPullRequest pr, CancellationToken cancellationToken)
    {
        var baseTip = await source.ResolveAsync(pr.BaseRef, cancellationToken);
        var mergeBase = baseTip is null ? null : await source.MergeBaseAsync(baseTip, pr.HeadSha, cancellationToken);
        var head = await RenderCommitAsync(source, render, pr.HeadSha, $"pr/{pr.Number}", cancellationToken);
        RenderResult? before = mergeBase is null ? null : (await RenderCommitAsync(source, render, mergeBase, pr.BaseRef, cancellationToken)).Result;
        var (cases, errors) = RoutingTestLoader.Load(head.Files.Files);
        var tests = errors.Concat(new RoutingTestRunner(resolver).Run(head.Result.Plan, cases)).ToList();
        var blob = blobUrlPrefix is null ? null : $"{blobUrlPrefix}{pr.HeadSha}/";
        return PlanReviewer.Review(before, head.Result, tests, pr.HeadSha, mergeBase, pr.BaseRef, blob);
    }

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

    [LoggerMessage(Level = LogLevel.Information, Message = "Reviewed pull request #{Number} at {Sha}: valid {Valid}, {Lines} traffic changes")]
    private static partial void LogReviewed(ILogger logger, int number, string sha, bool valid, int lines);
}
