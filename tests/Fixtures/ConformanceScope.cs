namespace GitGateway.Fixtures;

/// <summary>
/// Which conformance cases our harnesses run. The data classifies a case as in scope (<c>inScope</c>) by the
/// kinds and features of its snapshot (third_party/gateway-api/conformance/README.md, section 2); since then
/// GitGateway serves more, and claims it here, deliberately and by feature: a case the data leaves out is run
/// when every feature it requires is one the data already counts in scope or one listed in
/// <see cref="ClaimedFeatures"/>, and it requires at least one of those. Both the status test
/// (tests/Renderer.Tests/Conformance) and the traffic harness (tests/Conformance.Tests) use this one rule.
/// </summary>
public static class ConformanceScope
{
    /// <summary>
    /// Features beyond the data's classification that GitGateway claims: UDPRoute (a UDP listener on the node),
    /// BackendTLSPolicy with subjectAltNames (TLS from the node to backends), the Gateway's backend client certificate,
    /// ListenerSet (listeners merged into their parent Gateway).
    /// </summary>
    public static IReadOnlyList<string> ClaimedFeatures { get; } =
        ["UDPRoute", "ListenerSet", "BackendTLSPolicy", "BackendTLSPolicySANValidation", "GatewayBackendClientCertificate"];

    // The features every out-of-scope case may also require without leaving our scope: the Core Gateway and
    // ReferenceGrant, and the route kinds and TLS modes the data's in-scope cases already exercise.
    private static readonly string[] Base = ["Gateway", "ReferenceGrant", "HTTPRoute", "GRPCRoute", "TLSRoute", "TLSRouteModeTerminate"];

    /// <summary>Whether a case is run: in scope by the data, or every feature it requires is claimed.</summary>
    public static bool Runs(bool inScopeByData, IEnumerable<string> features)
    {
        ArgumentNullException.ThrowIfNull(features);
        var list = features.ToList();
        return inScopeByData
            || (list.Any(ClaimedFeatures.Contains) && list.All(f => ClaimedFeatures.Contains(f) || Base.Contains(f)));
    }
}
