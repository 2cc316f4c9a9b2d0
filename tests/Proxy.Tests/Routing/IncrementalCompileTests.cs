using GitGateway.Plan.Delta;
using GitGateway.Plan.Model;
using GitGateway.Plan.Serialization;
using GitGateway.Proxy.Forwarding;
using GitGateway.Proxy.Routing;
using static GitGateway.Proxy.Tests.Support.Plans;

namespace GitGateway.Proxy.Tests.Routing;

/// <summary>
/// A node compiles each plan a delta gives it against the table in force, reusing the compiled entries the delta kept:
/// every table of a sequence of deltas is the table a fresh compiler builds from the same plan, and the entries the
/// delta changed are compiled anew.
/// </summary>
public sealed class IncrementalCompileTests
{
    private static RouteTableCompiler Compiler() =>
        new(BackendMap.Empty, new TlsMaterialCompiler(new CertificateStore(null)), null, TimeProvider.System);

    private static RouteMatch Match(PathMatch path, string? headerRegex = null) =>
        new(path, null, headerRegex is null ? default : [new StringMatch(MatchKind.RegularExpression, "X-Team", headerRegex)], default);

    private static RouteEntry Numbered(int i, string backend = "s") => Entry($"r{i}", Match(i % 3 == 0 ? Regex($"/r{i}/[0-9]+") : Prefix($"/r{i}"), i % 4 == 0 ? $"team-{i}.*" : null), default, Service(backend));

    // Plans one after another: entries added, one changed, one removed, a host added and one gone, a regex gone.
    private static IEnumerable<RoutingPlan> Sequence()
    {
        var entries = Enumerable.Range(0, 40).Select(i => Numbered(i)).ToList();
        RoutingPlan Plan(params VirtualHost[] more) => Of(Http(80, [Host("a.example.com", [.. entries]), .. more]), Http(8080, Host("*", [.. entries.Take(5)])));
        yield return Plan();
        entries.Add(Numbered(40));
        yield return Plan();
        entries[7] = Numbered(7, backend: "other");
        yield return Plan();
        entries.RemoveAt(12);
        yield return Plan(Host("b.example.com", Numbered(100), Numbered(101)));
        entries.Insert(0, Numbered(200));
        yield return Plan();
        entries.RemoveAll(e => e.Match.Path.Type == MatchKind.RegularExpression && e.Id.StartsWith("httproute/infra/r9/", StringComparison.Ordinal));
        yield return Plan();
    }

    [Fact]
    public void Compile_SequenceOfDeltas_EachTableSameAsAFreshCompile()
    {
        var incremental = Compiler();
        RoutingPlan? applied = null;
        string? hash = null;
        var reusedBefore = 0L;
        foreach (var next in Sequence())
        {
            var nextHash = PlanJson.Hash(next);
            if (applied is not null)
            {
                var delta = PlanDeltaJson.Parse(PlanDeltaJson.ToBytes(PlanDeltaBuilder.Build(applied, hash!, next, nextHash)));
                applied = PlanDeltaApplier.Apply(applied, hash!, delta).Plan;
            }
            else
            {
                applied = next;
            }

            hash = nextHash;
            var table = incremental.Compile(applied, hash);
            var fresh = Compiler().Compile(next, hash);

            Assert.Equal(Describe(fresh), Describe(table));
            Assert.Equal(fresh.RegexPatterns.Order(StringComparer.Ordinal), table.RegexPatterns.Order(StringComparer.Ordinal));
            Assert.Equal(fresh.Warnings, table.Warnings);
            Assert.True(reusedBefore == 0 || incremental.ReusedEntries > reusedBefore, "a delta's kept entries were compiled again");
            reusedBefore = Math.Max(incremental.ReusedEntries, 1);
        }
    }

    [Fact]
    public void Compile_ChangedEntry_CompiledAnewNotReused()
    {
        var compiler = Compiler();
        var before = Of(Http(80, Host("a.example.com", Numbered(1), Numbered(2))));
        var first = compiler.Compile(before, "one");
        var changed = before with { Listeners = [before.Listeners[0] with { VirtualHosts = [Host("a.example.com", before.Listeners[0].VirtualHosts[0].Routes[0], Numbered(2, backend: "other"))] }] };

        var second = compiler.Compile(changed, "two");

        var (was, now) = (Entries(first), Entries(second));
        Assert.Same(was[0], now[0]);
        Assert.NotSame(was[1], now[1]);
        Assert.Equal("Service/infra/other:8080", now[1].Backends.All[0].Id);
        Assert.Equal(1, compiler.ReusedEntries);
    }

    private static List<CompiledEntry> Entries(RouteTable table) => [.. table.Port(80)!.Listeners[0].Hosts.Find("a.example.com")!.Entries];

    // Every compiled entry by port, listener and host, in order: the plan entry it serves, its backends and its regexes.
    private static List<string> Describe(RouteTable table) =>
    [
        .. table.Plan.Listeners.SelectMany(l => l.VirtualHosts.SelectMany(h =>
            table.Port(l.Port)!.Listeners.Single(t => t.Id == l.Id).Hosts.Find(h.Hostname)!.Entries.Select((e, i) =>
                $"{l.Id} {h.Hostname} {i} {System.Text.Json.JsonSerializer.Serialize(e.Entry, PlanJson.Canonical)} {string.Join(",", e.Backends.All.Select(b => b.Id))} {string.Join(",", e.RegexPatterns)} {e.PathRegex is not null}"))),
    ];
}
