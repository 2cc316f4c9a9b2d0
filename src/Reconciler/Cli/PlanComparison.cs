using GitGateway.Reconciler.Review;
using GitGateway.Renderer.Rendering;

namespace GitGateway.Reconciler.Cli;

/// <summary>The two renders of one repository (with their <c>&lt;branch&gt;@sha1:&lt;commit&gt;</c> sources) and the review of the change.</summary>
internal sealed record PlanComparison(RenderResult Base, RenderResult Head, PlanReview Review);
