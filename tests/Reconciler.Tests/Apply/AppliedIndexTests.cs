using GitGateway.Plan.Model;
using GitGateway.Plan.Serialization;
using GitGateway.Reconciler.Apply;
using GitGateway.Reconciler.Review;
using static GitGateway.Reconciler.Tests.Review.ReviewPlans;

namespace GitGateway.Reconciler.Tests.Apply;

public sealed class AppliedIndexTests
{
    private static readonly RoutingPlan Three = PlanOf(Host("store.example.com",
        Entry("store", "a", "/a", [("v1", 1)]), Entry("store", "b", "/b", [("v1", 1)]), Entry("store", "c", "/c", [("v1", 1)])));

    private static readonly RoutingPlan One = PlanOf(Host("store.example.com", Entry("store", "a", "/a", [("v1", 1)])));

    [Fact]
    public void Of_RevisionOfTheSameCommitAndPlan_ReusesTheKeptEntries()
    {
        var kept = Kept("c1", Three);

        var entries = AppliedIndex.Of(kept, Revision("c1", Three));

        Assert.Same(kept.Entries, entries);
    }

    [Fact]
    public void Of_RevisionOfAnotherCommit_BuildsTheEntriesOfItsPlan()
    {
        // Same plan content, other commit (a revert, a history rewrite): nothing is assumed, the index is built again.
        var kept = Kept("c1", Three);

        var entries = AppliedIndex.Of(kept, Revision("c2", One));

        Assert.NotSame(kept.Entries, entries);
        Assert.Equal(KeyedEntry.Index(One).Keys, entries.Keys);
    }

    [Fact]
    public void Of_SameCommitButAnotherPlan_BuildsTheEntriesOfThatPlan()
    {
        // The commit rendered with other inputs (a refused team kept, a restart that restored another plan object).
        var kept = Kept("c1", Three);

        var entries = AppliedIndex.Of(kept, Revision("c1", One));

        Assert.NotSame(kept.Entries, entries);
        Assert.Single(entries);
    }

    [Fact]
    public void Of_EqualButNotTheSamePlanObject_BuildsAgain()
    {
        var copy = PlanJson.Parse(PlanJson.ToCanonicalBytes(Three));
        var kept = Kept("c1", Three);

        var entries = AppliedIndex.Of(kept, Revision("c1", copy));

        Assert.NotSame(kept.Entries, entries);
        Assert.Equal(kept.Entries.Keys, entries.Keys);
    }

    [Fact]
    public void Of_NothingAppliedYet_IsEmpty()
    {
        Assert.Empty(AppliedIndex.Of(Kept("c1", Three), null));
        Assert.Empty(AppliedIndex.Of(null, null));
    }

    private static AppliedIndex Kept(string commit, RoutingPlan plan) => new(commit, plan, KeyedEntry.Index(plan));

    private static PlanRevision Revision(string commit, RoutingPlan plan) =>
        new(1, commit, PlanJson.Hash(plan), plan, PlanJson.ToCanonicalBytes(plan));
}
