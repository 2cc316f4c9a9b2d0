using GitGateway.Plan.Model;
using GitGateway.Plan.Serialization;

namespace GitGateway.Proxy.Sync;

/// <summary>
/// A plan revision as a plan source hands it to the node: the plan, and, when the source holds the bytes the plan
/// was read from (or rebuilt as) together with their hash, those too. The node then names the revision and keeps it as
/// its last good plan with these bytes instead of serialising the whole plan again to hash it. Only the factories
/// below attach bytes, and each guarantees that <see cref="Hash"/> is the hash of <see cref="Canonical"/> and that
/// <see cref="Plan"/> is what those bytes hold, so the hash a node reports is always of the plan it compiled.
/// </summary>
public sealed class IncomingPlan
{
    private IncomingPlan(RoutingPlan plan, byte[]? canonical, string? hash, TimeSpan? rebuilt = null)
    {
        Plan = plan;
        Canonical = canonical;
        Hash = hash;
        Rebuild = rebuilt;
    }

    /// <summary>The plan to apply.</summary>
    public RoutingPlan Plan { get; }

    /// <summary>The bytes <see cref="Plan"/> was read from, or null when the node must serialise it itself.</summary>
    public byte[]? Canonical { get; }

    /// <summary>The hash of <see cref="Canonical"/> (<see cref="PlanJson.HashOf"/>), or null with it.</summary>
    public string? Hash { get; }

    /// <summary>How long parsing the delta and rebuilding the plan from it took, when it was rebuilt from one.</summary>
    public TimeSpan? Rebuild { get; }

    /// <summary>A plan without its bytes (a file, a test): the node serialises and hashes it.</summary>
    public static IncomingPlan Of(RoutingPlan plan) => new(plan ?? throw new ArgumentNullException(nameof(plan)), null, null);

    /// <summary>
    /// A plan parsed from <paramref name="bytes"/>, whose sender named it <paramref name="claimed"/>. The bytes are
    /// hashed (one SHA-256 pass, no serialisation); only when that gives the claimed hash are they kept. Otherwise (bytes
    /// not in the canonical form, a sender that names another plan) the node hashes the plan it compiles itself, as
    /// it would without bytes, and reports that hash.
    /// </summary>
    public static IncomingPlan Received(RoutingPlan plan, byte[] bytes, string? claimed)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(bytes);
        return claimed is not null && string.Equals(PlanJson.HashOf(bytes), claimed, StringComparison.Ordinal)
            ? new IncomingPlan(plan, bytes, claimed)
            : Of(plan);
    }

    /// <summary>
    /// A plan rebuilt from a delta by <see cref="GitGateway.Plan.Delta.PlanDeltaApplier.Apply"/>, which serialised it to
    /// <paramref name="canonical"/> and checked that those bytes hash to <paramref name="hash"/>, in <paramref name="took"/> (a delta's parse and rebuild).
    /// </summary>
    internal static IncomingPlan Rebuilt(RoutingPlan plan, byte[] canonical, string hash, TimeSpan? took = null)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(canonical);
        ArgumentException.ThrowIfNullOrEmpty(hash);
        return new IncomingPlan(plan, canonical, hash, took);
    }
}
