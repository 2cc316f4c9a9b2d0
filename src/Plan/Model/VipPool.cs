namespace GitGateway.Plan.Model;

/// <summary>
/// A range of addresses the platform team allocated for VIPs (ProxyVIPPool). The renderer refuses a VIP outside
/// every pool, and the VIP speaker checks again on its own before announcing anything.
/// </summary>
/// <param name="Name">The ProxyVIPPool name.</param>
/// <param name="Cidrs">The pool's prefixes, e.g. <c>10.200.0.0/24</c>, sorted.</param>
/// <param name="AllowedPrefixLengths">Prefix lengths a VIP of this pool may have besides host routes (/32, /128), sorted; never 0.</param>
/// <param name="Source">Where the pool is declared.</param>
public sealed record VipPool(
    string Name,
    EquatableArray<string> Cidrs,
    EquatableArray<int> AllowedPrefixLengths,
    SourceMark Source);
