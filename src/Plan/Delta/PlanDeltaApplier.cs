using System.Collections.Immutable;
using GitGateway.Plan.Model;
using GitGateway.Plan.Serialization;

namespace GitGateway.Plan.Delta;

/// <summary>
/// The node's half of <see cref="PlanDelta"/>: rebuilds the new plan from the plan it holds and checks that the
/// result hashes to what the delta promises. A delta for another base, a span outside its base host, a host the base
/// does not have, or a hash that differs throws <see cref="PlanDeltaException"/>: the node then asks for the whole plan.
/// </summary>
public static class PlanDeltaApplier
{
    /// <returns>The new plan and its canonical bytes (which hash to <see cref="PlanDelta.Hash"/>).</returns>
    /// <exception cref="PlanDeltaException">The delta does not give the plan it names from <paramref name="basePlan"/>.</exception>
    public static (RoutingPlan Plan, byte[] Bytes) Apply(RoutingPlan basePlan, string baseHash, PlanDelta delta) =>
        Apply(basePlan, baseHash, delta, null);

    /// <summary>
    /// <see cref="Apply(RoutingPlan, string, PlanDelta)"/>, copying the bytes of the entries carried over from
    /// <paramref name="entries"/> instead of writing them again (it then holds the new plan's entries; a refused delta
    /// leaves it as it was). The hash is still taken over every byte of the new plan.
    /// </summary>
    /// <exception cref="PlanDeltaException">The delta does not give the plan it names from <paramref name="basePlan"/>.</exception>
    public static (RoutingPlan Plan, byte[] Bytes) Apply(RoutingPlan basePlan, string baseHash, PlanDelta delta, RouteEntryBytes? entries)
    {
        ArgumentNullException.ThrowIfNull(basePlan);
        ArgumentNullException.ThrowIfNull(delta);
        if (!string.Equals(delta.BaseHash, baseHash, StringComparison.Ordinal))
        {
            throw new PlanDeltaException($"the delta applies to {delta.BaseHash}, this node has {baseHash}");
        }

        var baseHosts = new Dictionary<(string Listener, string Host), VirtualHost>();
        foreach (var listener in basePlan.Listeners)
        {
            foreach (var host in listener.VirtualHosts)
            {
                baseHosts.TryAdd((listener.Id, host.Id), host);
            }
        }

        var listeners = ImmutableArray.CreateBuilder<Listener>(delta.Listeners.Count);
        foreach (var l in delta.Listeners)
        {
            // The delta is network bytes: a missing or null part is a refusal, never a null in the rebuilt plan.
            var id = l?.Listener?.Id ?? throw new PlanDeltaException("a listener of the delta has no id");
            var hosts = l.VirtualHosts.Select(h => Host(baseHosts.GetValueOrDefault((id, h?.Id ?? "")), h ?? throw new PlanDeltaException($"listener {id}: a host of the delta is null"))).ToImmutableArray();
            listeners.Add(l.Listener with { VirtualHosts = new EquatableArray<VirtualHost>(hosts) });
        }

        var plan = new RoutingPlan(RoutingPlan.CurrentSchemaVersion, delta.Source, new EquatableArray<Listener>(listeners.MoveToImmutable()), delta.Vips, delta.VipPools);
        var (bytes, hash) = entries is null ? PlanJson.ToCanonicalBytesWithHash(plan) : PlanJson.ToCanonicalBytesWithHash(plan, entries);
        if (!string.Equals(hash, delta.Hash, StringComparison.Ordinal))
        {
            entries?.Discard();
            throw new PlanDeltaException($"the delta gives {hash}, not the {delta.Hash} it names");
        }

        entries?.Commit();

        return (plan, bytes);
    }

    private static VirtualHost Host(VirtualHost? baseHost, HostDelta host)
    {
        var from = baseHost?.Routes.Items ?? [];
        var routes = ImmutableArray.CreateBuilder<RouteEntry>();
        foreach (var span in host.Spans)
        {
            if (span is null)
            {
                throw new PlanDeltaException($"host {host.Id}: a span of the delta is null");
            }

            if (span.Entries is { } entries)
            {
                routes.AddRange(entries.Items.Any(e => e is null) ? throw new PlanDeltaException($"host {host.Id}: a route entry of the delta is null") : entries.Items);
            }
            else if (span.From < 0 || span.Count <= 0 || span.Count > from.Length - span.From)
            {
                throw new PlanDeltaException($"host {host.Id}: entries {span.From}+{span.Count} are not in the base host ({from.Length} entries)");
            }
            else
            {
                routes.AddRange(from.AsSpan(span.From, span.Count));
            }
        }

        return new VirtualHost(host.Id, host.Hostname, new EquatableArray<RouteEntry>(routes.ToImmutable()));
    }
}
