using GitGateway.Plan.Model;

namespace GitGateway.Reconciler.Review.RoutingTests;

/// <summary>
/// Finds the route entry a request reaches in a plan. The one place routing tests depend on matching rules, so
/// that they can run on the data plane's own compiled route table.
/// </summary>
internal interface IRouteResolver
{
    RouteOutcome Resolve(RoutingPlan plan, RoutingTestRequest request);
}
