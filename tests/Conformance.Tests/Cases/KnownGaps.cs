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
    };
}
