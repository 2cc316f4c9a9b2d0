using GitGateway.Plan.Model;
using GitGateway.Reconciler.Review;

namespace GitGateway.Reconciler.Apply;

/// <summary>
/// The route entries of a plan by key (<see cref="KeyedEntry.Index"/>), built when the destructive-change guard
/// checked that plan as the head and kept for the next commit's guard, which compares against it as the plan in
/// force: at thousands of routes the index is a whole-plan pass, and the applied plan's is otherwise built again on
/// every commit. It stands in only for exactly the revision it was built from (same commit, same plan object);
/// for any other revision the index is built from that revision's plan. The next head's index is built from it
/// (<see cref="Next"/>): the entries the render reused are the same objects, so their keyed form is taken as it is, and
/// the routes, hostnames and owners the guard found in it (<see cref="Compared"/>) are not walked for again.
/// </summary>
internal sealed record AppliedIndex(string Commit, RoutingPlan Plan, SortedDictionary<string, KeyedEntry> Entries)
{
    private ComparedIndex? _compared;

    /// <summary>The entries as one side of the destructive-change comparison, with what it walked kept for the next commit's.</summary>
    public ComparedIndex Compared => _compared ??= new ComparedIndex(Entries);

    /// <summary>Whether this index was built from <paramref name="revision"/>'s commit and plan.</summary>
    public bool Matches(PlanRevision? revision) =>
        revision is not null && revision.Commit == Commit && ReferenceEquals(revision.Plan, Plan);

    /// <summary>The entries of <paramref name="revision"/>'s plan: <paramref name="kept"/>'s when it matches, else built.</summary>
    public static SortedDictionary<string, KeyedEntry> Of(AppliedIndex? kept, PlanRevision? revision) => ComparedOf(kept, revision).Entries;

    /// <summary>The applied side of the comparison: <paramref name="kept"/>'s when it matches <paramref name="revision"/>, else built from its plan.</summary>
    public static ComparedIndex ComparedOf(AppliedIndex? kept, PlanRevision? revision) =>
        kept is not null && kept.Matches(revision) ? kept.Compared : new ComparedIndex(KeyedEntry.Index(revision?.Plan));

    /// <summary>
    /// The index of <paramref name="plan"/>, the head of <paramref name="commit"/>: what <see cref="KeyedEntry.Index"/>
    /// gives, made from <paramref name="previous"/> (any plan's: an entry is matched by object, hostname and Gateway) by
    /// the entries that left and came (<see cref="IndexChange"/>), so only the entries a commit changed are keyed and
    /// inserted; its side of the comparison is counted from <paramref name="previous"/>'s the same way.
    /// </summary>
    public static AppliedIndex Next(string commit, RoutingPlan plan, AppliedIndex? previous)
    {
        if (previous is null)
        {
            return new(commit, plan, KeyedEntry.Index(plan));
        }

        var change = IndexChange.From(plan, previous.Entries);
        return new(commit, plan, change.Entries) { _compared = new ComparedIndex(change.Entries, previous.Compared, change) };
    }
}
