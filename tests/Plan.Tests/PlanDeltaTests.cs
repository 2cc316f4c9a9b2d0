using GitGateway.Plan.Delta;
using GitGateway.Plan.Model;
using GitGateway.Plan.Serialization;

namespace GitGateway.Plan.Tests;

public sealed class PlanDeltaTests
{
    [Fact]
    public void Apply_RandomEditSequences_GivesEveryPlanByteForByte()
    {
        for (var seed = 0; seed < 200; seed++)
        {
            var random = new Random(seed);
            var plan = Plan(random.Next(0, 40), random.Next(0, 5));
            for (var step = 0; step < 10; step++)
            {
                var next = Edit(plan, random);
                var (baseHash, hash) = (PlanJson.Hash(plan), PlanJson.Hash(next));
                var wire = PlanDeltaJson.Parse(PlanDeltaJson.ToBytes(PlanDeltaBuilder.Build(plan, baseHash, next, hash)));

                var (applied, bytes) = PlanDeltaApplier.Apply(plan, baseHash, wire);

                Assert.Equal(PlanJson.ToCanonicalBytes(next), bytes);
                Assert.Equal(next, applied);
                plan = next;
            }
        }
    }

    [Fact]
    public void Apply_EntryBytesAcrossRandomEditSequences_GivesEveryPlanByteForByteAndCopiesCarriedEntries()
    {
        var entries = new RouteEntryBytes();
        for (var seed = 0; seed < 100; seed++)
        {
            var random = new Random(seed);
            var sent = Plan(random.Next(0, 40), random.Next(0, 5));
            var held = PlanJson.Parse(PlanJson.ToCanonicalBytes(sent)); // the node holds what it read, not the sender's objects
            for (var step = 0; step < 10; step++)
            {
                var next = Edit(sent, random);
                var (baseHash, hash) = (PlanJson.Hash(sent), PlanJson.Hash(next));
                var wire = PlanDeltaJson.Parse(PlanDeltaJson.ToBytes(PlanDeltaBuilder.Build(sent, baseHash, next, hash)));

                var (applied, bytes) = PlanDeltaApplier.Apply(held, baseHash, wire, entries);

                Assert.Equal(PlanJson.ToCanonicalBytes(next), bytes);
                Assert.Equal(next, applied);
                (sent, held) = (next, applied);
            }
        }

        Assert.True(entries.Reused > entries.Written, $"{entries.Reused} entries copied, {entries.Written} written");
    }

    [Fact]
    public void Apply_EntryBytesAndABaseThatDiffers_RefusedAndTheNextDeltaStillExact()
    {
        var entries = new RouteEntryBytes();
        var (before, after) = (Plan(5, 0), Plan(6, 0));
        var (beforeHash, afterHash) = (PlanJson.Hash(before), PlanJson.Hash(after));
        var held = PlanDeltaApplier.Apply(before, beforeHash, PlanDeltaBuilder.Build(before, beforeHash, before, beforeHash), entries).Plan;
        var host = held.Listeners[0].VirtualHosts[0];
        var drifted = held with { Listeners = [held.Listeners[0] with { VirtualHosts = [host with { Routes = [.. host.Routes.Items.SetItem(2, Entry("r2", 99))] }] }] };
        var delta = PlanDeltaBuilder.Build(before, beforeHash, after, afterHash);

        Assert.Throws<PlanDeltaException>(() => PlanDeltaApplier.Apply(drifted, beforeHash, delta, entries));
        var (_, bytes) = PlanDeltaApplier.Apply(held, beforeHash, delta, entries);

        Assert.Equal(PlanJson.ToCanonicalBytes(after), bytes);
    }

    [Fact]
    public void Build_EntriesEqualButOtherObjects_CopiedAsSpans()
    {
        var before = Plan(300, 0);
        var copy = PlanJson.Parse(PlanJson.ToCanonicalBytes(before));
        var host = copy.Listeners[0].VirtualHosts[0];
        var after = copy with { Listeners = [copy.Listeners[0] with { VirtualHosts = [host with { Routes = [.. host.Routes.Items.Insert(150, Entry("added", 7))] }] }] };

        var delta = PlanDeltaBuilder.Build(before, PlanJson.Hash(before), after, PlanJson.Hash(after));

        var spans = delta.Listeners[0].VirtualHosts[0].Spans;
        Assert.Equal([(0, 150), (0, 0), (150, 150)], spans.Select(s => (s.From, s.Count)));
        Assert.Equal("httproute/store/added", Assert.Single(spans[1].Entries!.Value).Id);
    }

    [Fact]
    public void Build_OneRouteAddedToAHostOfThousands_SendsThatRouteAndTwoSpans()
    {
        var before = Plan(3000, 0);
        var host = before.Listeners[0].VirtualHosts[0];
        var after = before with { Listeners = [before.Listeners[0] with { VirtualHosts = [host with { Routes = [.. host.Routes.Items.Insert(1500, Entry("added", 7))] }] }] };

        var delta = PlanDeltaBuilder.Build(before, PlanJson.Hash(before), after, PlanJson.Hash(after));

        var spans = delta.Listeners[0].VirtualHosts[0].Spans;
        Assert.Equal(3, spans.Count);
        Assert.Equal("httproute/store/added", Assert.Single(spans[1].Entries!.Value).Id);
        Assert.True(PlanDeltaJson.ToBytes(delta).Length * 50 < PlanJson.ToCanonicalBytes(after).Length);
    }

    [Fact]
    public void Apply_DeltaForAnotherBase_Throws()
    {
        var (before, after) = (Plan(5, 0), Plan(6, 0));
        var delta = PlanDeltaBuilder.Build(before, PlanJson.Hash(before), after, PlanJson.Hash(after));

        Assert.Throws<PlanDeltaException>(() => PlanDeltaApplier.Apply(before, "sha256:other", delta));
    }

    [Fact]
    public void Apply_SpanBeyondTheBaseHost_Throws()
    {
        var (before, after) = (Plan(5, 0), Plan(6, 0));
        var delta = PlanDeltaBuilder.Build(before, PlanJson.Hash(before), after, PlanJson.Hash(after));
        var host = delta.Listeners[0].VirtualHosts[0];
        var hostile = delta with { Listeners = [delta.Listeners[0] with { VirtualHosts = [host with { Spans = [new EntrySpan(3, int.MaxValue)] }] }] };

        Assert.Throws<PlanDeltaException>(() => PlanDeltaApplier.Apply(before, PlanJson.Hash(before), hostile));
    }

    [Fact]
    public void Apply_ToAPlanThatDiffersFromItsBase_ThrowsOnTheHash()
    {
        var (before, after) = (Plan(5, 0), Plan(6, 0));
        var delta = PlanDeltaBuilder.Build(before, PlanJson.Hash(before), after, PlanJson.Hash(after));
        var host = before.Listeners[0].VirtualHosts[0];
        var drifted = before with { Listeners = [before.Listeners[0] with { VirtualHosts = [host with { Routes = [.. host.Routes.Items.SetItem(2, Entry("r2", 99))] }] }] };

        var e = Assert.Throws<PlanDeltaException>(() => PlanDeltaApplier.Apply(drifted, PlanJson.Hash(before), delta));
        Assert.Contains(PlanJson.Hash(after), e.Message, StringComparison.Ordinal);
    }

    private static RoutingPlan Plan(int routes, int l4) => new(
        RoutingPlan.CurrentSchemaVersion,
        "main@sha1:base",
        [
            Listener("https", 443, [Host("store.example.com", Enumerable.Range(0, routes).Select(i => Entry("r" + i, i % 3)))]),
            Listener("http", 80, [Host("*", Enumerable.Range(0, l4).Select(i => Entry("h" + i, 1)))]),
        ],
        [SamplePlans.Vip()]);

    private static Listener Listener(string name, int port, VirtualHost[] hosts) => SamplePlans.Listener() with
    {
        Id = "gateway/gateway-system/public/listener/" + name,
        Name = name,
        Port = port,
        VirtualHosts = [.. hosts],
    };

    private static VirtualHost Host(string hostname, IEnumerable<RouteEntry> entries) => new("host/" + hostname, hostname, [.. entries]);

    private static RouteEntry Entry(string id, int weight) => SamplePlans.Entry(10 + weight, 90 - weight, "httproute/store/" + id) with
    {
        Match = new RouteMatch(new PathMatch(MatchKind.PathPrefix, "/" + id), null, default, default),
    };

    /// <summary>One random change: add, remove, change or move an entry; add or drop a host; change a listener or the source.</summary>
    private static RoutingPlan Edit(RoutingPlan plan, Random random)
    {
        var li = random.Next(plan.Listeners.Count);
        var listener = plan.Listeners[li];
        var hosts = listener.VirtualHosts.Items;
        switch (random.Next(7))
        {
            case 0 when hosts.Length > 0:
                var hi = random.Next(hosts.Length);
                var routes = hosts[hi].Routes.Items;
                routes = random.Next(4) switch
                {
                    0 => routes.Insert(random.Next(routes.Length + 1), Entry("n" + random.Next(1000), random.Next(5))),
                    1 when routes.Length > 0 => routes.RemoveAt(random.Next(routes.Length)),
                    2 when routes.Length > 0 => routes.SetItem(random.Next(routes.Length), Entry("c" + random.Next(1000), random.Next(5))),
                    _ when routes.Length > 1 => routes.RemoveAt(0).Add(routes[0]),
                    _ => routes.Add(Entry("x" + random.Next(1000), 0)),
                };
                hosts = hosts.SetItem(hi, hosts[hi] with { Routes = [.. routes] });
                break;
            case 1:
                hosts = hosts.Insert(random.Next(hosts.Length + 1), Host($"h{random.Next(100)}.example.com", Enumerable.Range(0, random.Next(4)).Select(i => Entry("v" + i, i))));
                break;
            case 2 when hosts.Length > 0:
                hosts = hosts.RemoveAt(random.Next(hosts.Length));
                break;
            case 3:
                listener = listener with { Hostname = random.Next(2) == 0 ? null : "*.example.com" };
                break;
            case 4:
                return plan with { Source = "main@sha1:" + random.Next() };
            case 5:
                return plan with { Vips = random.Next(2) == 0 ? default : [SamplePlans.Vip()] };
            default:
                return plan with { Listeners = [.. plan.Listeners.Items.Reverse()] };
        }

        return plan with { Listeners = [.. plan.Listeners.Items.SetItem(li, listener with { VirtualHosts = [.. hosts] })] };
    }
}
