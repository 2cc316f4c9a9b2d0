using GitGateway.Renderer.Rendering;
using GitGateway.Renderer.Status;

namespace GitGateway.Renderer.Tests.Binding;

/// <summary>
/// Route statuses as the Gateway API spec words them, one class per test; each test quotes the sentence it
/// follows (the vendored CRDs in third_party/gateway-api/crds, or the API's Go types where the CRD has no text).
/// </summary>
public sealed class RouteStatusFidelityTests
{
    private const string Backend = "  rules:\n  - backendRefs: [{name: svc, port: 8080}]\n";

    // ListenerStatus.attachedRoutes (vendored CRD, standard channel): "The AttachedRoutes number represents the
    // number of Routes with the Accepted condition set to "True" that have been attached to this Listener. Routes
    // with any other value for the Accepted condition MUST NOT be included in this count." Older releases said the
    // opposite ("MUST count successfully attached Routes that may themselves have Accepted: false conditions");
    // we follow the text we vendor.
    [Fact]
    public void Render_RouteNotAcceptedForItsOwnFilter_NotCountedInAttachedRoutes()
    {
        var bad = Yaml.Route("bad", Yaml.Parent() + "  rules:\n  - filters: [{type: RequestRedirect, requestRedirect: {statusCode: 305}}]\n");
        var good = Yaml.Route("good", Yaml.Parent() + Backend);
        var result = Render(Yaml.Gateway(Yaml.Http()), bad, good);
        Assert.Equal("False", Accepted(result, "bad").Status);
        Assert.Equal("True", Accepted(result, "good").Status);
        Assert.Equal(1, result.Status.Gateways[0].Listeners[0].AttachedRoutes);
    }

    // RouteReasonNotAllowedByListeners: "the route has not been accepted by a Gateway because the Gateway has no
    // Listener whose allowedRoutes criteria permit the route"; RouteReasonNoMatchingParent: "In the case of Gateways,
    // this can occur when a Route ParentRef specifies a Port and/or SectionName that does not match any Listeners".
    // A parentRef without sectionName or port selects every listener, so a Gateway whose listeners do not allow the
    // route's kind is NotAllowedByListeners, as the conformance data asserts (TLSRouteInvalidNoMatchingListener,
    // TCPRouteInvalidNonTCPListener); NoMatchingParent is kept for a sectionName or port that names no listener.
    [Theory]
    [InlineData("", "NotAllowedByListeners")]
    [InlineData(", sectionName: missing", "NoMatchingParent")]
    public void Render_TcpRouteToHttpOnlyGateway_ReasonFollowsParentRef(string extra, string reason)
    {
        var route = Yaml.Route("r", Yaml.Parent(extra: extra) + Backend, kind: "TCPRoute", version: "v1alpha2");
        var result = Render(Yaml.Gateway(Yaml.Http()), route);
        var accepted = Accepted(result, "r");
        Assert.Equal(("False", reason), (accepted.Status, accepted.Reason));
        Assert.Contains(result.Diagnostics, d => d.Code == reason && d.Line > 0);
    }

    // HTTPHeader (vendored CRD, HTTPRoute requestHeaderModifier and responseHeaderModifier): name "maxLength: 256,
    // minLength: 1, pattern: ^[A-Za-z0-9!#$%&'*+\-.^_\x60|~]+$", "Name matching MUST be case-insensitive", the list
    // is a map keyed by name (so a name twice is refused); value "maxLength: 4096, minLength: 1", required; remove
    // "is a list of HTTP header names" (a set). A route breaking one is not Accepted (reason UnsupportedValue, the
    // route's own problem) and validate names the line.
    [Theory]
    [InlineData("RequestHeaderModifier", "requestHeaderModifier", "set: [{name: X-A, value: a}, {name: x-a, value: b}]")]
    [InlineData("ResponseHeaderModifier", "responseHeaderModifier", "add: [{name: X-A, value: a}, {name: X-A, value: b}]")]
    [InlineData("RequestHeaderModifier", "requestHeaderModifier", "set: [{name: \"\", value: a}]")]
    [InlineData("ResponseHeaderModifier", "responseHeaderModifier", "set: [{name: \"bad name\", value: a}]")]
    [InlineData("RequestHeaderModifier", "requestHeaderModifier", "add: [{name: X-A, value: \"\"}]")]
    [InlineData("RequestHeaderModifier", "requestHeaderModifier", "add: [{name: X-A}]")]
    [InlineData("ResponseHeaderModifier", "responseHeaderModifier", "set: [{name: X-A, value: \"a\\r\\nX-Injected: 1\"}]")]
    [InlineData("RequestHeaderModifier", "requestHeaderModifier", "remove: [X-A, x-a]")]
    [InlineData("ResponseHeaderModifier", "responseHeaderModifier", "remove: [\"bad:name\"]")]
    [InlineData("RequestHeaderModifier", "requestHeaderModifier", "remove: [\"\"]")]
    public void Render_HeaderModifierWithBadEntry_RouteNotAcceptedAndLineNamed(string type, string field, string body)
    {
        var route = Yaml.Route("r", Yaml.Parent() + $"  rules:\n  - filters:\n    - type: {type}\n      {field}:\n        {body}\n    backendRefs: [{{name: svc, port: 8080}}]\n");
        var result = Render(Yaml.Gateway(Yaml.Http()), route);
        var accepted = Accepted(result, "r");
        Assert.Equal(("False", "UnsupportedValue"), (accepted.Status, accepted.Reason));
        Assert.Contains(result.Diagnostics, d => d.Severity == Diagnostics.DiagnosticSeverity.Error && d.File == "a.yaml" && d.Line >= 13 && d.Code != "UnsupportedValue");
        Assert.Empty(result.Plan.Listeners[0].VirtualHosts);
    }

    [Fact]
    public void Render_HeaderModifierWithValidEntries_Accepted()
    {
        var body = "set: [{name: X-A, value: \"a b\"}]\n        add: [{name: x-b, value: \"1,2\"}]\n        remove: [X-C]";
        var route = Yaml.Route("r", Yaml.Parent() + $"  rules:\n  - filters:\n    - type: RequestHeaderModifier\n      requestHeaderModifier:\n        {body}\n    backendRefs: [{{name: svc, port: 8080}}]\n");
        var result = Render(Yaml.Gateway(Yaml.Http()), route);
        Assert.Equal("True", Accepted(result, "r").Status);
        Assert.False(result.HasErrors, string.Join("\n", result.Diagnostics));
    }

    private static RenderResult Render(params string[] docs) =>
        Files.Render(("a.yaml", Yaml.Class + string.Concat(docs) + Yaml.Service("svc")));

    private static Condition Accepted(RenderResult r, string route) =>
        r.Status.Routes.Single(x => x.Name == route).Parents[0].Conditions.Single(c => c.Type == "Accepted");
}
