using GitGateway.Plan.Diff;

namespace GitGateway.Plan.Tests;

/// <summary><see cref="PlanDiff.Compute"/> walks the records; what it must give is the diff of the plans' whole JSON trees.</summary>
public sealed class PlanDiffRecordWalkTests
{
    [Theory]
    [InlineData(0.02)] // near copies: most elements equal, a few changed (a review's usual case)
    [InlineData(0.2)]
    [InlineData(1.0)] // unrelated plans
    public void Compute_RandomPlanPairs_SameChangesAsTheJsonTreeDiff(double noise)
    {
        var kinds = new HashSet<ChangeKind>();
        for (var seed = 0; seed < 300; seed++)
        {
            var before = new RandomPlans(seed, 0).Plan();
            var after = new RandomPlans(seed, noise).Plan();

            var expected = PlanDiff.ComputeOnJson(before, after);
            var actual = PlanDiff.Compute(before, after);

            AssertSameChanges(seed, expected.Changes, actual.Changes);
            Assert.Equal(expected.AfterHash, actual.AfterHash);
            Assert.Equal(expected.BeforeHash, actual.BeforeHash);
            kinds.UnionWith(actual.Changes.Select(c => c.Kind));
        }

        Assert.Equal(3, kinds.Count); // the pairs did add, remove and change elements
    }

    [Fact]
    public void Compute_EqualPlansFromDifferentSources_NoChangeAndTheSameHashes()
    {
        var before = new RandomPlans(7, 0).Plan();
        var after = new RandomPlans(7, 0).Plan() with { Source = "canary@sha1:b" };

        var diff = PlanDiff.Compute(before, after);

        Assert.True(diff.IsEmpty);
        Assert.Equal(diff.BeforeHash, diff.AfterHash);
    }

    [Fact]
    public void Compute_EqualRoutesWithARepeatedBackendId_NoChange()
    {
        // The renderer never repeats an id in one array; were one repeated, an unchanged route is still no change
        // (the JSON tree diff compared each repeat with the first and reported differences between equal plans).
        var entry = SamplePlans.Entry(90, 10);
        entry = entry with { Backends = [entry.Backends[0], entry.Backends[0] with { Weight = 30 }] };
        var plan = SamplePlans.Store() with { Listeners = [SamplePlans.Listener(entry)] };

        Assert.Empty(PlanDiff.Compute(plan, plan with { Source = "canary@sha1:b" }).Changes);
    }

    private static void AssertSameChanges(int seed, IReadOnlyList<PlanChange> expected, IReadOnlyList<PlanChange> actual)
    {
        for (var i = 0; i < Math.Max(expected.Count, actual.Count); i++)
        {
            var e = i < expected.Count ? expected[i].ToString() : "(none)";
            var a = i < actual.Count ? actual[i].ToString() : "(none)";
            Assert.True(i < expected.Count && i < actual.Count && expected[i] == actual[i], $"seed {seed}, change {i}: expected {e}, got {a}");
        }
    }
}
