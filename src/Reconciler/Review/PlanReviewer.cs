using GitGateway.Plan.Diff;
using GitGateway.Reconciler.Review.RoutingTests;
using GitGateway.Renderer.Diagnostics;
using GitGateway.Renderer.Layout;
using GitGateway.Renderer.Rendering;

namespace GitGateway.Reconciler.Review;

/// <summary>
/// Compares the merge base's render with what merging the head would serve, and gathers what a reviewer needs to see.
/// A head with errors is never diffed as rendered (its broken objects would read as removals the edge never makes):
/// the diff is against what the control plane would apply, the head with the refused teams' folders kept from the
/// base, or the base itself when the head would be refused as a whole. A head over the repository's cap on files or
/// bytes was not read at all: its claims and what it would stop serving are not judged from its lone
/// <c>gitgateway.yaml</c> (every team would read as removed); the review says it was not rendered. A base over such
/// a cap is not diffed either (every route would read as added): the review says so (<see cref="BaseOverCap"/>).
/// When the base is applied or held, the "before" is the plan the edge serves (<see cref="ReviewContext.Served"/>),
/// not the base's render, for the diff, the claim changes and the destructive-change guard alike: the claims are then
/// those in force (a team refused on the base claims what its kept folder claims) against those merging applies (a
/// team merging would keep claims what it claims now), as the apply will hold them.
/// </summary>
internal static class PlanReviewer
{
    public static PlanReview Review(
        RenderResult? baseRender,
        RenderResult head,
        IReadOnlyList<RoutingTestResult> tests,
        string headSha,
        string? baseSha,
        string baseRef,
        string? blobBaseUrl,
        ReviewContext? context = null)
    {
        context ??= ReviewContext.None;
        var notRead = context.BaseOverCap.NotRead;
        var inForce = notRead ? null : context.Served; // a base not read is not diffed, against what is served either
        var beforePlan = inForce is null ? baseRender?.Plan : inForce.Plan;
        var served = head.HasErrors ? (context.HeadNotRendered ? null : context.IfMerged)?.Plan ?? beforePlan ?? Plan.Model.RoutingPlan.Empty(head.Plan.Source) : head.Plan;
        var basePlan = notRead ? served : beforePlan; // an unknown base: nothing to compare with, so nothing shown as changed
        var before = KeyedEntry.Index(basePlan);
        var after = KeyedEntry.Index(served, before); // the head's entries the base has are keyed once, and compared by reference
        var traffic = TrafficChanges.Describe(before, after);
        var diff = PlanDiff.Compute(basePlan, served);
        var changes = diff.Changes
            .Where(c => !IsSourceOnly(c) && c.Path.Count > 0)
            .ToList();
        var other = changes.Where(c => c.Path.Count == 1).Select(c => DisplayText.Shorten(c.ToString(), 240)).ToList();
        var diagnostics = head.Diagnostics
            .OrderBy(d => d.Severity)
            .ThenBy(d => d.File, StringComparer.Ordinal)
            .ThenBy(d => d.Line)
            .ToList();
        return new PlanReview(
            headSha,
            baseSha,
            baseRef,
            blobBaseUrl,
            !head.HasErrors,
            diff.AfterHash, // the served plan's hash, already computed by the diff
            RouteCounts.Of(before, after),
            traffic,
            other,
            StatusProblems.Of(head.Status),
            diagnostics,
            BlastRadius.Of(traffic, changes, basePlan, served),
            changes,
            tests)
        {
            Claims = context.HeadNotRendered || notRead ? [] : inForce is null ? ClaimChanges.Of(context.BaseLayout, context.HeadLayout) : ClaimChanges.Of(inForce.Layout, AppliedLayout(head, context)),
            Destructive = context.HeadNotRendered || notRead ? DestructiveChange.None : DestructiveChange.Of(basePlan, served, before, after, inForce is null ? context.BaseLayout : inForce.Layout, AppliedLayout(head, context)),
            Override = context.Override,
            KeptTeams = head.HasErrors && !context.HeadNotRendered ? context.KeptTeams : [],
            KeptFrom = head.HasErrors && !context.HeadNotRendered ? context.KeptFrom : null,
            HeadNotRendered = context.HeadNotRendered,
            BaseOverCap = context.BaseOverCap,
            Against = inForce,
        };
    }

    /// <summary>
    /// The layout of the files merging applies, as the apply's guard reads it: with teams kept, the head with their
    /// kept folders (a kept team is still there), else the head's.
    /// </summary>
    private static RepoLayoutInfo? AppliedLayout(RenderResult head, ReviewContext context) =>
        head.HasErrors && context is { HeadNotRendered: false, IfMerged: not null, IfMergedFiles: { } files } ? RepoLayout.Load(files) : context.HeadLayout;

    /// <summary>A change to a source mark only (a reformatted or moved line) does not change traffic.</summary>
    internal static bool IsSourceOnly(PlanChange change) =>
        change.Kind == ChangeKind.Changed && change.Field is { } f
        && (f == "source" || f.StartsWith("source.", StringComparison.Ordinal) || f.Contains(".source", StringComparison.Ordinal));

    internal static bool IsError(Diagnostic d) => d.Severity == DiagnosticSeverity.Error;
}
