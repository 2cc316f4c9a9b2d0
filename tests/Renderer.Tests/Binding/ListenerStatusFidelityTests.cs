using GitGateway.Renderer.Rendering;
using GitGateway.Renderer.Status;

namespace GitGateway.Renderer.Tests.Binding;

/// <summary>
/// Gateway and listener statuses as the Gateway API spec words them, one class per test; each test quotes the
/// sentence it follows (the vendored CRDs in third_party/gateway-api/crds, or the API's Go types).
/// </summary>
public sealed class ListenerStatusFidelityTests
{
    private const string Team = "---\napiVersion: gitgateway.dev/v1alpha1\nkind: Team\nmetadata: {name: t}\nspec:\n  certificates: [{namespace: infra, name: cert}]\n";

    // GatewayReasonListenersNotValid: "This reason is used with the "Accepted" condition when one or more Listeners
    // have an invalid or unsupported configuration and cannot be configured on the Gateway. This can be the reason
    // when "Accepted" is "True" or "False", depending on whether the listener being invalid causes the entire Gateway
    // to not be accepted." Programmed keeps its own reasons (Programmed, Invalid).
    [Fact]
    public void Render_AllListenersInvalid_AcceptedFalseListenersNotValidAndNotProgrammed()
    {
        var gw = Gateway("  - {name: a, port: 80, protocol: SCTP}\n  - {name: b, port: 81, protocol: QUIC}\n");
        Assert.Contains(gw.Conditions, c => c is { Type: "Accepted", Status: "False", Reason: "ListenersNotValid" });
        Assert.Contains(gw.Conditions, c => c is { Type: "Programmed", Status: "False", Reason: "Invalid" });
    }

    [Theory]
    [InlineData("  - {name: bad, port: 81, protocol: SCTP}\n")]
    [InlineData("  - {name: bad, port: 443, protocol: HTTPS, tls: {certificateRefs: [{name: missing}]}}\n")]
    public void Render_SomeListenersInvalid_AcceptedTrueListenersNotValidNamingThem(string badListener)
    {
        var gw = Gateway(Yaml.Http("good") + badListener);
        var accepted = gw.Conditions.Single(c => c.Type == "Accepted");
        Assert.Equal(("True", "ListenersNotValid"), (accepted.Status, accepted.Reason));
        Assert.Contains("not valid: 'bad'", accepted.Message, StringComparison.Ordinal);
        Assert.Contains("served: 'good'", accepted.Message, StringComparison.Ordinal);
        Assert.Contains(gw.Conditions, c => c is { Type: "Programmed", Status: "True" });
    }

    // Listeners: "The implementation MUST set a "ListenersNotValid" condition on the Gateway Status when the Gateway
    // contains Conflicted Listeners whether or not they accept the Gateway. That Condition SHOULD clearly indicate
    // in the Message which Listeners are conflicted, and which are Accepted."
    [Fact]
    public void Render_ConflictedListeners_GatewayListenersNotValidNamesConflictedAndAccepted()
    {
        var gw = Gateway(Yaml.Http("a", hostname: "x.example.com") + Yaml.Http("b", hostname: "x.example.com") + Yaml.Http("c", hostname: "y.example.com"));
        var accepted = gw.Conditions.Single(c => c.Type == "Accepted");
        Assert.Equal(("True", "ListenersNotValid"), (accepted.Status, accepted.Reason));
        Assert.Contains("conflicted: 'a', 'b'", accepted.Message, StringComparison.Ordinal);
        Assert.Contains("served: 'c'", accepted.Message, StringComparison.Ordinal);
    }

    // ListenerConditionOverlappingTLSConfig: "Controllers MUST detect the presence of overlapping hostnames ...
    // This condition MUST be set on all Listeners with overlapping TLS config. For example, consider the following
    // listener - hostname mapping: A: foo.example.com B: foo.example.org C: *.example.com In the above example,
    // Listeners A and C would have overlapping hostnames and therefore this condition should be set for Listeners A
    // and C, but not B." Reason "OverlappingHostnames"; "This is a negative polarity condition and MUST NOT be set
    // when it is False."
    [Fact]
    public void Render_TlsListenersWithOverlappingHostnames_OverlappingTlsConfigOnBothOnly()
    {
        var gw = Gateway(Https("a", "foo.example.com") + Https("b", "foo.example.org") + Https("c", "*.example.com"), Team);
        Assert.Contains(Listener(gw, "a").Conditions, c => c is { Type: "OverlappingTLSConfig", Status: "True", Reason: "OverlappingHostnames" });
        Assert.Contains(Listener(gw, "c").Conditions, c => c is { Type: "OverlappingTLSConfig", Status: "True", Reason: "OverlappingHostnames" });
        Assert.DoesNotContain(Listener(gw, "b").Conditions, c => c.Type == "OverlappingTLSConfig");
        Assert.All(gw.Listeners, l => Assert.Contains(l.Conditions, c => c is { Type: "Accepted", Status: "True" }));
    }

    [Fact]
    public void Render_OverlappingHostnamesOnOtherPortsOrHttp_NoOverlappingTlsConfig()
    {
        var gw = Gateway(Https("a", "foo.example.com") + Https("c", "*.example.com", port: 8443) + Yaml.Http("h", hostname: "*.example.com"), Team);
        Assert.All(gw.Listeners, l => Assert.DoesNotContain(l.Conditions, c => c.Type == "OverlappingTLSConfig"));
    }

    [Fact]
    public void Render_OverlappingTlsConfig_ReportedAsWarning()
    {
        var result = Files.Render(("a.yaml", Yaml.Class + Yaml.Gateway(Https("a", "foo.example.com") + Https("c", "*.example.com")) + Team));
        Assert.Contains(result.Diagnostics, d => d is { Code: "OverlappingTLSConfig", Severity: Diagnostics.DiagnosticSeverity.Warning });
        Assert.Equal(2, result.Plan.Listeners.Count);
    }

    // Listeners: "The set of listeners that all share a protocol value MUST have _different_ values for _at least
    // one_ of these fields to be distinct: ... TCP, UDP: Port", and under Compatible Listeners: "an implementation
    // that cannot serve both TCP and UDP listeners on the same address ... would not consider those cases
    // compatible, even though they are distinct." A TCP and a UDP listener on one port are distinct, and a node
    // serves both (a TCP accept loop and a UDP socket on the same number), so they do NOT conflict; two of one of
    // them on a port do. HTTP, HTTPS or TLS sharing a port with TCP "MUST NOT be accepted" (ProtocolConflict).
    [Fact]
    public void Render_TcpAndUdpOnOnePort_BothAcceptedNoConflict()
    {
        var gw = Gateway("  - {name: dns-tcp, port: 53, protocol: TCP}\n  - {name: dns-udp, port: 53, protocol: UDP}\n");
        Assert.All(gw.Listeners, l => Assert.Contains(l.Conditions, c => c is { Type: "Conflicted", Status: "False", Reason: "NoConflicts" }));
        Assert.Contains(gw.Conditions, c => c is { Type: "Accepted", Status: "True", Reason: "Accepted" });
    }

    [Theory]
    [InlineData("TCP", "TCP")]
    [InlineData("UDP", "UDP")]
    public void Render_TwoL4ListenersOfOneProtocolOnOnePort_BothConflicted(string p1, string p2)
    {
        var gw = Gateway($"  - {{name: one, port: 53, protocol: {p1}}}\n  - {{name: two, port: 53, protocol: {p2}}}\n");
        Assert.All(gw.Listeners, l => Assert.Contains(l.Conditions, c => c is { Type: "Conflicted", Status: "True" }));
    }

    [Theory]
    [InlineData("HTTP")]
    [InlineData("TLS, tls: {mode: Passthrough}")]
    public void Render_TcpSharingPortWithHttpOrTls_ProtocolConflict(string other)
    {
        var gw = Gateway($"  - {{name: tcp, port: 80, protocol: TCP}}\n  - {{name: other, port: 80, protocol: {other}}}\n");
        Assert.All(gw.Listeners, l => Assert.Contains(l.Conditions, c => c is { Type: "Conflicted", Status: "True", Reason: "ProtocolConflict" }));
    }

    // Gateway listeners (vendored CRD, x-kubernetes-validations): "tls mode must be set for protocol TLS", rule
    // "l.protocol == 'TLS' ? has(l.tls) && has(l.tls.mode) && l.tls.mode != ''". The API server refuses such a
    // Gateway; we keep the other listeners and refuse this one with Accepted False/UnsupportedValue, the reason
    // the conformance data uses for a TLS mode a listener cannot serve (TLSRouteListenerTerminateNotSupported).
    [Fact]
    public void Render_TlsListenerWithoutMode_NotAcceptedUnsupportedValue()
    {
        var result = Files.Render(("a.yaml", Yaml.Class + Yaml.Gateway(Yaml.Http("good") + "  - {name: tls, port: 443, protocol: TLS}\n")));
        var tls = Listener(result.Status.Gateways[0], "tls");
        Assert.Contains(tls.Conditions, c => c is { Type: "Accepted", Status: "False", Reason: "UnsupportedValue" } && c.Message.Contains("tls mode must be set", StringComparison.Ordinal));
        Assert.Empty(tls.SupportedKinds);
        Assert.Contains(result.Diagnostics, d => d.Code == "UnsupportedValue" && d.Line == 13);
        Assert.Equal(["good"], result.Plan.Listeners.Select(l => l.Name));
    }

    // GatewayTLSConfig.mode (vendored CRD): "Passthrough: The TLS session is NOT terminated by the Gateway. ... The
    // certificateRefs field is ignored in this mode." The listener stays Accepted and its refs are not resolved (a
    // missing Secret is no ResolvedRefs problem); validate warns that the refs do nothing.
    [Fact]
    public void Render_PassthroughWithCertificateRefs_AcceptedRefsIgnoredWithWarning()
    {
        var l = "  - {name: tls, port: 443, protocol: TLS, tls: {mode: Passthrough, certificateRefs: [{name: missing}]}}\n";
        var result = Files.Render(("a.yaml", Yaml.Class + Yaml.Gateway(l)));
        var tls = Listener(result.Status.Gateways[0], "tls");
        Assert.Contains(tls.Conditions, c => c is { Type: "Accepted", Status: "True" });
        Assert.Contains(tls.Conditions, c => c is { Type: "ResolvedRefs", Status: "True" });
        Assert.Contains(tls.Conditions, c => c is { Type: "Programmed", Status: "True" });
        Assert.Contains(result.Diagnostics, d => d is { Code: "IgnoredField", Severity: Diagnostics.DiagnosticSeverity.Warning, Line: 12 });
        Assert.False(result.HasErrors);
    }

    private static string Https(string name, string hostname, int port = 443) =>
        $"  - {{name: {name}, port: {port}, protocol: HTTPS, hostname: \"{hostname}\", tls: {{certificateRefs: [{{name: cert}}]}}, allowedRoutes: {{namespaces: {{from: All}}}}}}\n";

    // ListenerStatus.attachedRoutes: "Listener or Route status does not impact successful attachment, i.e. the
    // AttachedRoutes field count MUST be set for Listeners, even if the Accepted condition of an individual Listener
    // is set to "False". The AttachedRoutes number represents the number of Routes with the Accepted condition set to
    // "True" that have been attached to this Listener."
    [Fact]
    public void Render_RouteAcceptedOnGatewayWithConflictedListeners_CountedOnTheConflictedOnesToo()
    {
        var route = Yaml.Route("r", Yaml.Parent() + "  rules:\n  - backendRefs: [{name: svc, port: 80}]\n");
        var gw = Gateway(Yaml.Http("a", hostname: "x.example.com") + Yaml.Http("b", hostname: "x.example.com") + Yaml.Http("c", hostname: "y.example.com"), route);
        Assert.Contains(Listener(gw, "a").Conditions, c => c is { Type: "Accepted", Status: "False" });
        Assert.Equal([1, 1, 1], new[] { "a", "b", "c" }.Select(n => Listener(gw, n).AttachedRoutes));
    }

    // The same sentence, its second half: a route that no Accepted listener takes is not Accepted, so it is counted nowhere.
    [Fact]
    public void Render_RouteOnlyOnConflictedListeners_CountedNowhere()
    {
        var route = Yaml.Route("r", Yaml.Parent(extra: ", sectionName: a") + "  rules:\n  - backendRefs: [{name: svc, port: 80}]\n");
        var result = Files.Render(("a.yaml", Yaml.Class + Yaml.Gateway(Yaml.Http("a", hostname: "x.example.com") + Yaml.Http("b", hostname: "x.example.com")) + route));
        Assert.Contains(result.Status.Routes.Single().Parents.Single().Conditions, c => c is { Type: "Accepted", Status: "False" });
        Assert.All(result.Status.Gateways.Single().Listeners, l => Assert.Equal(0, l.AttachedRoutes));
    }

    // ListenerConditionConflicted (Go API types): "Possible reasons for this condition to be True are:
    // "HostnameConflict" "ProtocolConflict"", and ListenerConditionProgrammed: "Possible reasons for this condition
    // to be False are: "Invalid" "Pending"". A Gateway's own conflicted listener says which conflict in Conflicted
    // (and Accepted, as the conformance data's TLSRouteListenerMixedTerminationNotSupported reads ProtocolConflict
    // there) and Programmed False Invalid; only a ListenerSet's listener carries the conflict into Programmed, which
    // the ListenerSet conformance tests read.
    [Theory]
    [InlineData("  - {name: a, port: 80, protocol: HTTP, hostname: x.example.com}\n  - {name: b, port: 80, protocol: HTTP, hostname: x.example.com}\n", "HostnameConflict")]
    [InlineData("  - {name: a, port: 80, protocol: HTTP}\n  - {name: b, port: 80, protocol: TCP}\n", "ProtocolConflict")]
    public void Render_GatewayOwnConflictedListener_ConflictedAndAcceptedNameTheConflictProgrammedInvalid(string listeners, string reason)
    {
        var a = Listener(Gateway(listeners), "a");
        Assert.Contains(a.Conditions, c => c.Type == "Conflicted" && c.Status == "True" && c.Reason == reason);
        Assert.Contains(a.Conditions, c => c.Type == "Accepted" && c.Status == "False" && c.Reason == reason);
        Assert.Contains(a.Conditions, c => c is { Type: "Programmed", Status: "False", Reason: "Invalid" });
    }

    private static GatewayStatus Gateway(string listeners, string extra = "") =>
        Assert.Single(Files.Render(("a.yaml", Yaml.Class + Yaml.Gateway(listeners) + extra)).Status.Gateways);

    private static ListenerStatus Listener(GatewayStatus gw, string name) => gw.Listeners.Single(l => l.Name == name);
}
