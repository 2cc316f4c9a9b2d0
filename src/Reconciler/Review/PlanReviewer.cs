using GitGateway.Plan.Diff;
using GitGateway.Reconciler.Review.RoutingTests;
using GitGateway.Renderer.Diagnostics;
using GitGateway.Renderer.Layout;
using GitGateway.Renderer.Rendering;

namespace GitGateway.Reconciler.Review;

/// <summary>Compares the merge base's render with the head's and gathers what a reviewer needs to see.</summary>
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
        var before = KeyedEntry.Index(baseRender?.Plan);
        var after = KeyedEntry.Index(head.Plan);
        var traffic = TrafficChanges.Describe(before, after);
        var changes = PlanDiff.Compute(baseRender?.Plan, head.Plan).Changes
            .Where(c => !IsSourceOnly(c) && c.Path.Count > 0)
            .ToList();
        var other = changes.Where(c => c.Path.Count == 1).Select(c => Shorten(c.ToString(), 240)).ToList();
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
            Plan.Serialization.PlanJson.Hash(head.Plan),
            RouteCounts.Of(before, after),
            traffic,
            other,
            StatusProblems.Of(head.Status),
            diagnostics,
            BlastRadius.Of(traffic, changes, baseRender?.Plan, head.Plan),
            changes,
            tests)
        {
            Claims = ClaimChanges.Of(context.BaseLayout, context.HeadLayout),
            Destructive = DestructiveChange.Of(baseRender?.Plan, head.Plan, context.BaseLayout, context.HeadLayout),
            Override = context.Override,
        };
    }

    /// <summary>A change to a source mark only (a reformatted or moved line) does not change traffic.</summary>
    internal static bool IsSourceOnly(PlanChange change) =>
        change.Kind == ChangeKind.Changed && change.Field is { } f
        && (f == "source" || f.StartsWith("source.", StringComparison.Ordinal) || f.Contains(".source", StringComparison.Ordinal));

    internal static string Shorten(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";

    internal static bool IsError(Diagnostic d) => d.Severity == DiagnosticSeverity.Error;
}
