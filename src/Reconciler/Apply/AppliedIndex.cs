using GitGateway.Plan.Model;
using GitGateway.Reconciler.Review;

namespace GitGateway.Reconciler.Apply;

/// <summary>
/// The route entries of a plan by key (<see cref="KeyedEntry.Index"/>), built when the destructive-change guard
/// checked that plan as the head and kept for the next commit's guard, which compares against it as the plan in
/// force: at thousands of routes the index is a whole-plan pass, and the applied plan's is otherwise built again on
/// every commit. It stands in only for exactly the revision it was built from (same commit, same plan object);
/// for any other revision the index is built from that revision's plan.
/// </summary>
internal sealed record AppliedIndex(string Commit, RoutingPlan Plan, SortedDictionary<string, KeyedEntry> Entries)
{
    /// <summary>Whether this index was built from <paramref name="revision"/>'s commit and plan.</summary>
    public bool Matches(PlanRevision? revision) =>
        revision is not null && revision.Commit == Commit && ReferenceEquals(revision.Plan, Plan);

    /// <summary>The entries of <paramref name="revision"/>'s plan: <paramref name="kept"/>'s when it matches, else built.</summary>
    public static SortedDictionary<string, KeyedEntry> Of(AppliedIndex? kept, PlanRevision? revision) =>
        kept is not null && kept.Matches(revision) ? kept.Entries : KeyedEntry.Index(revision?.Plan);
}
