namespace GitGateway.Conformance.Tests.Cases;

/// <summary>
/// In-scope cases the harness skips, each with the reason. The goal is an empty list: every entry is a gap in
/// the harness or the data plane that is known and explained, never a silent failure.
/// </summary>
internal static class KnownGaps
{
    public static IReadOnlyDictionary<string, string> Reasons { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        // Gateway API breaks ties between routes by creationTimestamp; Git has none, so GitGateway breaks them by
        // {namespace}/{name} (STYLE.md, "The plan"). The test's newer route, applied mid-test, is named
        // tcproute-attach-newer and sorts before tcproute-attach-older, so by our documented rule it wins.
        ["TCPRouteMultipleRoutesAttachment"] =
            "route age: upstream keeps the oldest TCPRoute by creationTimestamp; Git has no creation time and GitGateway breaks ties by namespace/name, which picks tcproute-attach-newer",

        // The UDP twin of the case above: udproute-attach-newer, applied mid-test, sorts before udproute-attach-older.
        // (Its one request, expectBackendSamples over UDP, also carries no backendPrefix in the data to check.)
        ["UDPRouteMultipleRoutesAttachment"] =
            "route age: upstream keeps the oldest UDPRoute by creationTimestamp; Git has no creation time and GitGateway breaks ties by namespace/name, which picks udproute-attach-newer",

        // The node opens TLS to the gRPC backend itself (SNI and trust from the policy) and then speaks HTTP/2 over it
        // with the handler's origin left at http://, so requests carry :scheme http; a Kestrel backend (our echo)
        // resets such streams with PROTOCOL_ERROR. Sending :scheme https needs the HTTP/2 client to run over a TLS
        // stream it did not open, which SocketsHttpHandler does not offer; HTTP/1.1 and TLSRoute backends are not affected.
        ["BackendTLSPolicyGRPCRoute"] =
            "HTTP/2 over backend TLS: the node sends :scheme http on the TLS connection it opened, which the echo (Kestrel) rejects",
    };
}
