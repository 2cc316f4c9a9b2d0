using GitGateway.Renderer.Status;

namespace GitGateway.Renderer.Tests.Binding;

public sealed class ListenerBindingTests
{
    [Fact]
    public void Render_GatewayOfOtherController_GetsNoStatusAndNoPlan()
    {
        var other = Yaml.Class.Replace("gitgateway.dev/gateway-controller", "example.com/other", StringComparison.Ordinal);
        var result = Files.Render(("a.yaml", other + Yaml.Gateway(Yaml.Http())));
        Assert.Empty(result.Status.Gateways);
        Assert.Empty(result.Status.GatewayClasses);
        Assert.Empty(result.Plan.Listeners);
    }

    [Fact]
    public void Render_OurGatewayClass_IsAccepted()
    {
        var result = Files.Render(("a.yaml", Yaml.Class));
        var gc = Assert.Single(result.Status.GatewayClasses);
        Assert.Contains(gc.Conditions, c => c is { Type: "Accepted", Status: "True" });
    }

    [Fact]
    public void Render_ControllerNameFromInput_OverridesDefault()
    {
        var other = Yaml.Class.Replace("gitgateway.dev/gateway-controller", "example.com/mine", StringComparison.Ordinal);
        var input = new GitGateway.Renderer.Rendering.RenderInput([Files.Of("a.yaml", other + Yaml.Gateway(Yaml.Http()))], "t", "example.com/mine");
        Assert.Single(GitGateway.Renderer.Rendering.PlanRenderer.Render(input).Plan.Listeners);
    }

    [Fact]
    public void Render_UnsupportedProtocol_ListenerNotAcceptedAndGatewayListenersNotValid()
    {
        var result = Files.Render(("a.yaml", Yaml.Class + Yaml.Gateway("  - {name: x, port: 80, protocol: SCTP}\n")));
        var gw = Assert.Single(result.Status.Gateways);
        Assert.Contains(gw.Conditions, c => c is { Type: "Accepted", Status: "False", Reason: "ListenersNotValid" });
        Assert.Contains(gw.Listeners[0].Conditions, c => c is { Type: "Accepted", Status: "False", Reason: "UnsupportedProtocol" });
        Assert.Empty(gw.Listeners[0].SupportedKinds);
        Assert.Contains(result.Diagnostics, d => d.Code == "UnsupportedProtocol");
    }

    [Fact]
    public void Render_HttpAndTcpOnOnePort_BothProtocolConflict()
    {
        var result = Files.Render(("a.yaml", Yaml.Class + Yaml.Gateway(Yaml.Http() + "  - {name: tcp, port: 80, protocol: TCP}\n")));
        var gw = Assert.Single(result.Status.Gateways);
        Assert.All(gw.Listeners, l => Assert.Contains(l.Conditions, c => c is { Type: "Conflicted", Status: "True", Reason: "ProtocolConflict" }));
        Assert.Empty(result.Plan.Listeners);
    }

    [Fact]
    public void Render_TwoHttpListenersSameHostname_HostnameConflict()
    {
        var result = Files.Render(("a.yaml", Yaml.Class + Yaml.Gateway(Yaml.Http("a", hostname: "x.example.com") + Yaml.Http("b", hostname: "x.example.com") + Yaml.Http("c", hostname: "y.example.com"))));
        var gw = Assert.Single(result.Status.Gateways);
        Assert.Contains(gw.Listeners[0].Conditions, c => c.Reason == "HostnameConflict");
        Assert.Contains(gw.Listeners[2].Conditions, c => c is { Type: "Accepted", Status: "True" });
        Assert.Equal(["c"], result.Plan.Listeners.Select(l => l.Name));
    }

    [Fact]
    public void Render_InvalidRouteKind_ResolvedRefsFalseAndKeepsValidKinds()
    {
        var l = "  - {name: http, port: 80, protocol: HTTP, allowedRoutes: {kinds: [{kind: HTTPRoute}, {kind: TCPRoute}]}}\n";
        var gw = Assert.Single(Files.Render(("a.yaml", Yaml.Class + Yaml.Gateway(l))).Status.Gateways);
        Assert.Contains(gw.Listeners[0].Conditions, c => c is { Type: "ResolvedRefs", Status: "False", Reason: "InvalidRouteKinds" });
        Assert.Equal([new GroupKind("gateway.networking.k8s.io", "HTTPRoute")], gw.Listeners[0].SupportedKinds);
    }

    [Fact]
    public void Render_HttpsWithMissingSecret_InvalidCertificateRefAndNotProgrammed()
    {
        var l = "  - {name: https, port: 443, protocol: HTTPS, tls: {certificateRefs: [{name: nope}]}}\n";
        var result = Files.Render(("a.yaml", Yaml.Class + Yaml.Gateway(l)));
        var listener = Assert.Single(result.Status.Gateways).Listeners[0];
        Assert.Contains(listener.Conditions, c => c is { Type: "ResolvedRefs", Status: "False", Reason: "InvalidCertificateRef" });
        Assert.Contains(listener.Conditions, c => c is { Type: "Programmed", Status: "False" });
        Assert.Empty(result.Plan.Listeners);
    }

    [Fact]
    public void Render_CrossNamespaceCertificate_NeedsReferenceGrant()
    {
        var l = "  - {name: https, port: 443, protocol: HTTPS, tls: {certificateRefs: [{name: cert, namespace: certs}]}}\n";
        var team = "---\napiVersion: gitgateway.dev/v1alpha1\nkind: Team\nmetadata: {name: t}\nspec:\n  certificates: [{namespace: certs, name: cert}]\n";
        var grant = "---\napiVersion: gateway.networking.k8s.io/v1beta1\nkind: ReferenceGrant\nmetadata: {name: g, namespace: certs}\nspec:\n  from: [{group: gateway.networking.k8s.io, kind: Gateway, namespace: infra}]\n  to: [{group: \"\", kind: Secret}]\n";
        var without = Files.Render(("a.yaml", Yaml.Class + Yaml.Gateway(l) + team));
        Assert.Contains(without.Status.Gateways[0].Listeners[0].Conditions, c => c.Reason == "RefNotPermitted");
        var with = Files.Render(("a.yaml", Yaml.Class + Yaml.Gateway(l) + team + grant));
        Assert.Contains(with.Status.Gateways[0].Listeners[0].Conditions, c => c is { Type: "ResolvedRefs", Status: "True" });
        Assert.Equal("certs/cert", with.Plan.Listeners[0].Tls!.CertificateRefs[0].ToString());
    }

    [Fact]
    public void Render_HttpsPassthrough_IsUnsupportedValue()
    {
        var l = "  - {name: https, port: 443, protocol: HTTPS, tls: {mode: Passthrough}}\n";
        var listener = Files.Render(("a.yaml", Yaml.Class + Yaml.Gateway(l))).Status.Gateways[0].Listeners[0];
        Assert.Contains(listener.Conditions, c => c is { Type: "Accepted", Status: "False", Reason: "UnsupportedValue" });
    }

    [Fact]
    public void Render_ParametersRef_GatewayInvalidParameters()
    {
        var gw = Yaml.Gateway(Yaml.Http(), extra: "  infrastructure: {parametersRef: {group: x.io, kind: P, name: p}}\n");
        var status = Files.Render(("a.yaml", Yaml.Class + gw)).Status.Gateways[0];
        Assert.Contains(status.Conditions, c => c is { Type: "Accepted", Status: "False", Reason: "InvalidParameters" });
    }

    [Fact]
    public void Render_GatewayAddresses_ReportedInStatus()
    {
        var gw = Yaml.Gateway(Yaml.Http(), extra: "  addresses: [{type: IPAddress, value: 192.0.2.10}]\n");
        var status = Files.Render(("a.yaml", Yaml.Class + gw)).Status.Gateways[0];
        Assert.Equal([new GatewayAddress("IPAddress", "192.0.2.10")], status.Addresses);
    }
}
