namespace GitGateway.Plan.Model;

/// <summary>
/// The routing plan: everything a proxy node and a VIP announcer need, rendered from one commit of the
/// config repository. The contract between control plane and data plane; nothing in it needs YAML.
/// </summary>
/// <param name="SchemaVersion">Format version; see <see cref="CurrentSchemaVersion"/>.</param>
/// <param name="Source">The revision rendered, written <c>main@sha1:&lt;commit&gt;</c> (or a path for files on disk).</param>
/// <param name="Listeners">Every listener of every Gateway this controller owns, sorted by port then id.</param>
/// <param name="Vips">The virtual IPs, sorted by id.</param>
/// <param name="VipPools">The address pools VIPs must come from, sorted by name; null in a plan that has none (then a speaker announces no VIP).</param>
public sealed record RoutingPlan(
    string SchemaVersion,
    string Source,
    EquatableArray<Listener> Listeners,
    EquatableArray<Vip> Vips,
    EquatableArray<VipPool>? VipPools = null)
{
    /// <summary>The schema version this library writes and reads.</summary>
    public const string CurrentSchemaVersion = "gitgateway.dev/plan/v1";

    /// <summary>An empty plan for the given source.</summary>
    public static RoutingPlan Empty(string source) => new(CurrentSchemaVersion, source, default, default);
}
