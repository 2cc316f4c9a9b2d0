namespace GitGateway.Conformance.Tests.Report;

/// <summary>
/// An upstream conformance profile: the features of its Core and its Extended support. Our own data, taken from
/// kubernetes-sigs/gateway-api <c>conformance/utils/suite/profiles.go</c> (the profile definitions) and
/// <c>pkg/features</c>; the Extended lists name the features the vendored conformance data
/// (third_party/gateway-api/conformance/cases.jsonl) requires, since only those can be tested here. A test belongs to a
/// profile when every feature it requires is in the profile's Core or Extended set (upstream
/// <c>getConformanceProfilesForTest</c>); it counts under Extended when it requires at least one Extended feature.
/// </summary>
internal sealed record ConformanceProfile(string Name, IReadOnlyList<string> Core, IReadOnlyList<string> Extended)
{
    // features.GatewayExtendedFeatures, as far as the data names them.
    private static readonly string[] GatewayExtended =
    [
        "GatewayAddressEmpty", "GatewayBackendClientCertificate", "GatewayFrontendClientCertificateValidation",
        "GatewayFrontendClientCertificateValidationInsecureFallback", "GatewayHTTPListenerIsolation",
        "GatewayHTTPSListenerDetectMisdirectedRequests", "GatewayInfrastructurePropagation", "GatewayPort8080", "GatewayStaticAddresses",
    ];

    // features.HTTPRouteExtendedFeatures, as far as the data names them.
    private static readonly string[] HttpRouteExtended =
    [
        "HTTPRoute303RedirectStatusCode", "HTTPRoute307RedirectStatusCode", "HTTPRoute308RedirectStatusCode",
        "HTTPRouteBackendProtocolH2C", "HTTPRouteBackendProtocolWebSocket", "HTTPRouteBackendRequestHeaderModification",
        "HTTPRouteBackendRequestRedirect", "HTTPRouteBackendTimeout", "HTTPRouteBackendURLRewrite", "HTTPRouteCORS",
        "HTTPRouteDestinationPortMatching", "HTTPRouteHostRewrite", "HTTPRouteMethodMatching", "HTTPRouteNamedRouteRule",
        "HTTPRouteParentRefPort", "HTTPRoutePathRedirect", "HTTPRoutePathRewrite", "HTTPRoutePortRedirect",
        "HTTPRouteQueryParamMatching", "HTTPRouteRequestMirror", "HTTPRouteRequestMultipleMirrors",
        "HTTPRouteRequestPercentageMirror", "HTTPRouteRequestTimeout", "HTTPRouteResponseHeaderModification", "HTTPRouteRetry",
        "HTTPRouteRetryBackendTimeout", "HTTPRouteRetryConnectionError", "HTTPRouteSchemeRedirect",
    ];

    /// <summary>The Gateway profiles, in the order the report lists them (mesh profiles are out of scope: no mesh cases).</summary>
    public static IReadOnlyList<ConformanceProfile> All { get; } =
    [
        new("GATEWAY-GRPC", ["Gateway", "ReferenceGrant", "GRPCRoute"], GatewayExtended),
        new("GATEWAY-HTTP", ["Gateway", "ReferenceGrant", "HTTPRoute"],
            [.. GatewayExtended, .. HttpRouteExtended, "BackendTLSPolicy", "BackendTLSPolicySANValidation"]),
        new("GATEWAY-TCP", ["Gateway", "TCPRoute"], GatewayExtended),
        new("GATEWAY-TLS", ["Gateway", "ReferenceGrant", "TLSRoute"], [.. GatewayExtended, "TLSRouteModeMixed", "TLSRouteModeTerminate"]),
    ];

    /// <summary>Whether a test requiring these features belongs to the profile.</summary>
    public bool Covers(IReadOnlyList<string> features) => features.All(f => Core.Contains(f) || Extended.Contains(f));

    /// <summary>Whether a test of this profile counts under Extended (it requires an Extended feature).</summary>
    public bool IsExtended(IReadOnlyList<string> features) => features.Any(Extended.Contains);
}
