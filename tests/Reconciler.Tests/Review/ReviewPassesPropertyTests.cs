using CsCheck;
using GitGateway.Reconciler.Review;

namespace GitGateway.Reconciler.Tests.Review;

/// <summary>
/// The review's passes over both plans' entries, sharing what they build (the head's index from the base's, each
/// entry's owner once per folder, each route's name once, one walk over both indexes' keys), against the passes
/// built apart as before, over random bases and heads made the way a head is rendered from its base.
/// </summary>
public sealed class ReviewPassesPropertyTests
{
    [Fact]
    public void Of_RandomPlansAndLayouts_SameReasonsAsTheWholeScanGuard()
    {
        string[] kinds = ["renders no route", " is removed (", " loses every route", "VIP ", " routes (", " hostnames ("];
        var seen = new int[kinds.Length];
        Gen.Int.Sample(
            seed =>
            {
                var r = new RandomReviewPlans(seed).Make();
                var expected = WholeScanGuard.Reasons(r.Base, r.Head, r.BaseLayout, r.HeadLayout);
                var old = KeyedEntry.Index(r.Base);

                Assert.Equal(expected, DestructiveChange.Of(r.Base, r.Head, r.BaseLayout, r.HeadLayout).Reasons);
                Assert.Equal(expected, DestructiveChange.Of(r.Base, r.Head, old, KeyedEntry.Index(r.Head, old), r.BaseLayout, r.HeadLayout).Reasons);
                for (var k = 0; k < kinds.Length; k++)
                {
                    Interlocked.Add(ref seen[k], expected.Count(reason => reason.Contains(kinds[k], StringComparison.Ordinal)));
                }
            },
            iter: 3000);

        Assert.All(seen, count => Assert.True(count > 0)); // the plans reach every kind of reason, not only the easy ones
    }

    [Fact]
    public void Of_MassDeletionOfRandomPlans_StillCaught()
    {
        Gen.Int.Sample(
            seed =>
            {
                var r = new RandomReviewPlans(seed).Make();
                var kept = r.Head with { Listeners = default };

                var change = DestructiveChange.Of(r.Base, kept, r.BaseLayout, r.HeadLayout);

                Assert.True(change.IsDestructive);
                Assert.StartsWith("the head renders no route", change.Reasons[0], StringComparison.Ordinal);
                Assert.Equal(WholeScanGuard.Reasons(r.Base, kept, r.BaseLayout, r.HeadLayout), change.Reasons);
            },
            iter: 500);
    }

    [Fact]
    public void Index_HeadSharingTheBasesEntries_SameEntriesAsBuiltAlone()
    {
        Gen.Int.Sample(
            seed =>
            {
                var r = new RandomReviewPlans(seed).Make();
                var old = KeyedEntry.Index(r.Base);
                var alone = KeyedEntry.Index(r.Head);

                var shared = KeyedEntry.Index(r.Head, old);

                Assert.Equal(alone.Keys, shared.Keys);
                Assert.Equal(alone.Values, shared.Values);
                Assert.All(shared.Values, e => Assert.Equal(e.Route.ToString(), e.RouteName));
                Assert.Equal(RouteCounts.Of(old, alone), RouteCounts.Of(old, shared));
            },
            iter: 3000);
    }

    [Fact]
    public void Describe_RandomIndexes_OneLinePerChangedKeyInOrdinalOrder()
    {
        Gen.Int.Sample(
            seed =>
            {
                var r = new RandomReviewPlans(seed).Make();
                var old = KeyedEntry.Index(r.Base);
                var now = KeyedEntry.Index(r.Head, old);
                var expected = old.Keys.Union(now.Keys).Order(StringComparer.Ordinal)
                    .Select(k => (Key: k, Before: old.GetValueOrDefault(k), After: now.GetValueOrDefault(k)))
                    .Where(k => k.Before is null || k.After is null || !k.Before.RoutesAs(k.After))
                    .ToList();

                var lines = TrafficChanges.Describe(old, now);

                Assert.Equal(expected, lines.Select(l => (l.Key, l.Before, l.After)));
                Assert.Equal(lines, TrafficChanges.Describe(KeyedEntry.Index(r.Base), KeyedEntry.Index(r.Head)));
            },
            iter: 3000);
    }
}
