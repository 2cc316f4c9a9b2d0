using CsCheck;
using GitGateway.Plan;
using GitGateway.Plan.Model;
using GitGateway.Reconciler.Apply;
using GitGateway.Reconciler.Review;
using GitGateway.Reconciler.Tests.Review;
using static GitGateway.Reconciler.Tests.Review.ReviewPlans;

namespace GitGateway.Reconciler.Tests.Apply;

/// <summary>
/// The head's index built from the one before (<see cref="AppliedIndex.Next"/>) against <see cref="KeyedEntry.Index"/>
/// of the same plan, over random sequences of plans that keep most entry objects, as renders that reuse bindings do.
/// </summary>
public sealed class AppliedIndexSequenceTests
{
    private static readonly ObjectRef Internal = new("Gateway", "gateway-system", "internal");

    private static readonly string[] Hostnames = ["a.example.com", "b.example.com", "*.example.com"];

    private static readonly string[] Paths = ["/", "/a", "/b", "/api"];

    private static readonly string[] Teams = ["payments", "search", "store"];

    // (operation, which entry, which host, which path): add, remove, copy as another object, edit, serve on another
    // host too, move a host to the other Gateway, add or remove a team folder (its routes stay in the plan).
    private static readonly Gen<(int Op, int Entry, int Host, int Path)[]> Changes =
        Gen.Select(Gen.Int[0, 6], Gen.Int[0, 30], Gen.Int[0, Hostnames.Length - 1], Gen.Int[0, Paths.Length - 1]).Array[1, 40];

    // Whether the applied layout is read as the head's was (the usual case), or with other team folders (a refused team kept).
    private static readonly Gen<bool[]> SameLayouts = Gen.Frequency((3, Gen.Const(true)), (1, Gen.Const(false))).Array[40];

    [Fact]
    public void Next_RandomChangeSequences_EqualsAColdIndexAndReusesKeptEntries()
    {
        var counted = 0;
        Gen.Select(Changes, SameLayouts).Sample((changes, sameLayouts) =>
        {
            var state = new Plans();
            AppliedIndex? previous = null;
            IReadOnlyList<string> headTeams = [];
            for (var i = 0; i < changes.Length; i++)
            {
                state.Apply(changes[i], i);
                var plan = state.Plan();
                var next = AppliedIndex.Next($"c{i}", plan, previous);
                var cold = KeyedEntry.Index(plan);

                Assert.Equal(cold.Keys, next.Entries.Keys);
                Assert.Equal(cold.Values, next.Entries.Values);
                // The guard compares the kept side (walked last time under the head's layout then) with the new one.
                var appliedLayout = DestructiveChangeTests.TeamsLayout(sameLayouts[i] ? headTeams : [.. Teams.Where((_, t) => t != i % Teams.Length)]);
                var headLayout = DestructiveChangeTests.TeamsLayout(state.Teams);
                Assert.Equal(
                    DestructiveChange.Of(previous?.Plan, plan, appliedLayout, headLayout).Reasons,
                    DestructiveChange.Of(previous?.Plan, plan, AppliedIndex.ComparedOf(previous, Revision(previous)), next.Compared, appliedLayout, headLayout).Reasons);
                AssertKeptAsTheyWere(previous, next);
                AssertCountedAsAWalk(next.Compared, headLayout);
                // Under the last head's teams, the head's side was counted from the last head's and the change alone.
                if (previous is not null && headTeams.SequenceEqual(state.Teams))
                {
                    Assert.Equal(0, next.Compared.Walks);
                    counted++;
                }

                previous = next;
                headTeams = state.Teams;
            }
        }, iter: 300);
        Assert.True(counted > 300, $"{counted} heads counted from the last head's side");
    }

    // What the comparison read from the head's side, however it was counted, is what walking every entry gives.
    private static void AssertCountedAsAWalk(ComparedIndex side, GitGateway.Renderer.Layout.RepoLayoutInfo layout)
    {
        var walked = new ComparedIndex(side.Entries);
        Assert.Equal(Sorted(walked.Routes), Sorted(side.Routes));
        Assert.Equal(Sorted(walked.Hosts), Sorted(side.Hosts));
        var owners = walked.OwnersUnder(layout);
        Assert.Equal(owners.Keys.Order(StringComparer.Ordinal), side.OwnersUnder(layout).Keys.Order(StringComparer.Ordinal));
        foreach (var (owner, hosts) in owners)
        {
            Assert.Equal(Sorted(hosts), Sorted(side.OwnersUnder(layout)[owner]));
        }
    }

    private static List<KeyValuePair<string, int>> Sorted(IReadOnlyDictionary<string, int> counts) =>
        [.. counts.OrderBy(c => c.Key, StringComparer.Ordinal)];

    private static PlanRevision? Revision(AppliedIndex? index) =>
        index is null ? null : new(1, index.Commit, "sha256:x", index.Plan, []);

    // An entry object keyed once before, on the same hostname and Gateway, is the keyed entry it was.
    private static void AssertKeptAsTheyWere(AppliedIndex? previous, AppliedIndex next)
    {
        if (previous is null)
        {
            return;
        }

        var keyed = new Dictionary<RouteEntry, List<KeyedEntry>>(ReferenceEqualityComparer.Instance);
        foreach (var e in previous.Entries.Values.Where(e => e.Http is not null))
        {
            if (!keyed.TryGetValue(e.Http!, out var list))
            {
                keyed[e.Http!] = list = [];
            }

            list.Add(e);
        }

        foreach (var e in next.Entries.Values)
        {
            if (e.Http is { } http && keyed.TryGetValue(http, out var was) && was is [var before] && before.Host == e.Host && before.Gateway == e.Gateway)
            {
                Assert.Same(before, e);
            }
        }
    }

    [Fact]
    public void Next_EntryKeptOnTheSameHost_TakesTheKeyedEntryOfThePlanBefore()
    {
        var a = Entry("store", "a", "/a", [("v1", 1)]);
        var before = AppliedIndex.Next("c1", PlanOf(Host("store.example.com", a)), null);

        var next = AppliedIndex.Next("c2", PlanOf(Host("store.example.com", a, Entry("store", "b", "/b", [("v1", 1)]))), before);

        Assert.Same(before.Entries["store.example.com /a"], next.Entries["store.example.com /a"]);
        Assert.Equal(KeyedEntry.Index(next.Plan).Values, next.Entries.Values);
    }

    [Fact]
    public void Next_SameEntryOnAnotherHost_KeyedForThatHost()
    {
        var a = Entry("store", "a", "/a", [("v1", 1)]);
        var before = AppliedIndex.Next("c1", PlanOf(Host("store.example.com", a)), null);

        var next = AppliedIndex.Next("c2", PlanOf(Host("shop.example.com", a)), before);

        Assert.Equal(["shop.example.com /a"], next.Entries.Keys);
        Assert.Equal("shop.example.com", next.Entries["shop.example.com /a"].Host);
    }

    // Two listeners (Gateways public and internal) over a few hostnames; entries are objects kept from plan to plan.
    private sealed class Plans
    {
        private readonly List<(RouteEntry Entry, int Host)> _entries = [];
        private readonly bool[] _internal = new bool[Hostnames.Length];
        private readonly SortedSet<string> _teams = new(AppliedIndexSequenceTests.Teams, StringComparer.Ordinal);

        public IReadOnlyList<string> Teams => [.. _teams];

        public void Apply((int Op, int Entry, int Host, int Path) change, int step)
        {
            var at = _entries.Count == 0 ? -1 : change.Entry % _entries.Count;
            switch (change.Op)
            {
                case 1 or 2 or 3 or 4 when at < 0:
                case 0:
                    _entries.Add((Entry(AppliedIndexSequenceTests.Teams[step % 3], $"r{step}", Paths[change.Path], [("v1", 1)], match: step % 2), change.Host));
                    break;
                case 1:
                    _entries.RemoveAt(at);
                    break;
                case 2:
                    _entries[at] = (_entries[at].Entry with { }, _entries[at].Host);
                    break;
                case 3:
                    _entries[at] = (_entries[at].Entry with { Match = new RouteMatch(new PathMatch(MatchKind.Exact, Paths[change.Path]), null, default, default) }, _entries[at].Host);
                    break;
                case 4:
                    _entries.Add((_entries[at].Entry, change.Host));
                    break;
                case 5:
                    _internal[change.Host] = !_internal[change.Host];
                    break;
                default:
                    var team = AppliedIndexSequenceTests.Teams[change.Path % 3];
                    _ = _teams.Remove(team) || _teams.Add(team);
                    break;
            }
        }

        public RoutingPlan Plan()
        {
            var listeners = new[] { false, true }.Select(onInternal => Listener(HostsOn(onInternal)) with
            {
                Gateway = onInternal ? Internal : Gateway,
                Id = onInternal ? "internal/http" : "public/http",
            });
            return new RoutingPlan(RoutingPlan.CurrentSchemaVersion, "main@sha1:x", listeners.ToEquatableArray(), default);
        }

        private VirtualHost[] HostsOn(bool onInternal) =>
        [
            .. Hostnames.Select((h, i) => (h, i)).Where(x => _internal[x.i] == onInternal)
                .Select(x => Host(x.h, [.. _entries.Where(e => e.Host == x.i).Select(e => e.Entry)])),
        ];
    }
}
