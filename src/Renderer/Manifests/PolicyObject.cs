using GitGateway.Plan.Model;

namespace GitGateway.Renderer.Manifests;

/// <summary>A ProxyPolicy as read.</summary>
/// <param name="Object">The object.</param>
/// <param name="Target">spec.targetRef (kind Gateway, HTTPRoute, GRPCRoute, ProxyGateway or ProxyRoute).</param>
/// <param name="Applied">The policy in plan form (origin filled in when bound).</param>
/// <param name="Timeouts">For Timeout policies: the timeouts.</param>
/// <param name="Retry">For Retry policies: the retry policy.</param>
internal sealed record PolicyObject(ManifestObject Object, RefSpec Target, AppliedPolicy Applied, RouteTimeouts? Timeouts, RetryPolicy? Retry)
{
    /// <summary>Whether the target is a Gateway.</summary>
    public bool TargetsGateway => Target.Kind is "Gateway" or "ProxyGateway";
}
