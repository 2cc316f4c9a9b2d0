namespace GitGateway.Plan.Model;

/// <summary>
/// One match of one rule of an HTTPRoute or GRPCRoute, with the rule's action. A rule with N matches becomes
/// N entries so that each can take its own place in precedence order.
/// </summary>
/// <param name="Id"><c>httproute/&lt;ns&gt;/&lt;name&gt;/rule/&lt;i&gt;/match/&lt;j&gt;</c> (grpcroute likewise).</param>
/// <param name="Route">The route this entry came from.</param>
/// <param name="RuleName">The rule's <c>name</c>, when it has one.</param>
/// <param name="Match">What a request must look like.</param>
/// <param name="Filters">Filters applied in order before forwarding.</param>
/// <param name="Backends">Weighted backends; an entry with a redirect or a direct response has none.</param>
/// <param name="DirectResponse">A response the proxy sends itself (e.g. 500 when no backend is valid).</param>
/// <param name="Timeouts">Request and backend-request timeouts, or null.</param>
/// <param name="Retry">The retry policy, or null.</param>
/// <param name="Policies">Effective policies with their origin.</param>
/// <param name="Source">The line of the match (or the rule, when it has no matches).</param>
public sealed record RouteEntry(
    string Id,
    ObjectRef Route,
    string? RuleName,
    RouteMatch Match,
    EquatableArray<Filter> Filters,
    EquatableArray<Backend> Backends,
    DirectResponse? DirectResponse,
    RouteTimeouts? Timeouts,
    RetryPolicy? Retry,
    EquatableArray<AppliedPolicy> Policies,
    SourceMark Source);
