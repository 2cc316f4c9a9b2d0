namespace GitGateway.Proxy.Upstream;

/// <summary>How a request picks one endpoint of a backend (<c>--load-balancing</c>).</summary>
internal enum LoadBalancing
{
    /// <summary>Each endpoint in turn.</summary>
    RoundRobin,

    /// <summary>
    /// The endpoint with the fewest requests in flight from this node, ties broken in turn; above
    /// <see cref="EndpointBalancer.FullScanLimit"/> endpoints, the better of two chosen at random (as Envoy's
    /// LEAST_REQUEST does).
    /// </summary>
    LeastRequest,
}
