using GitGateway.Renderer.Diagnostics;
using GitGateway.Renderer.Rendering;
using GitGateway.Renderer.Schemas;

namespace GitGateway.Renderer.Tests.Schemas;

/// <summary>
/// The CEL rules (<c>x-kubernetes-validations</c>) of the vendored Gateway API CRDs refuse what the API server
/// refuses: one <c>RuleViolation</c> per broken rule, at the node that carries it, in the rule's own words.
/// One test per kind of rule: exclusive fields, value grammar, uniqueness in a list, defaults, typed numbers,
/// escaped field names, sums over a list, durations and the Kubernetes <c>isIP</c> function.
/// </summary>
public sealed class CelRuleTests
{
    private static RenderResult RenderRoute(string rules, string kind = "HTTPRoute", string extra = "") =>
        Files.Render(("r.yaml", Yaml.Class + Yaml.Gateway(Yaml.Http()) + Yaml.Service("svc")
            + Yaml.Route("r", Yaml.Parent() + extra + rules, kind: kind)));

    private static Diagnostic Violation(RenderResult result) =>
        Assert.Single(result.Diagnostics, d => d.Code == DiagnosticCodes.RuleViolation);

    [Fact]
    public void Render_RedirectAndRewriteInOneRule_RefusedWithTheRuleMessage()
    {
        var result = RenderRoute("  rules:\n  - filters:\n    - {type: RequestRedirect, requestRedirect: {statusCode: 301}}\n"
            + "    - {type: URLRewrite, urlRewrite: {hostname: b.example.com}}\n");

        var d = Violation(result);
        Assert.Equal("spec.rules[0].filters: May specify either httpRouteFilterRequestRedirect or httpRouteFilterRequestRewrite, but not both", d.Message);
        Assert.Equal(("r.yaml", DiagnosticSeverity.Error), (d.File, d.Severity));
        Assert.Equal(27, d.Line);
    }

    [Theory]
    [InlineData("{type: PathPrefix, value: api}", "value must be an absolute path and start with '/' when type one of ['Exact', 'PathPrefix']")]
    [InlineData("{type: Exact, value: /a//b}", "must not contain '//' when type one of ['Exact', 'PathPrefix']")]
    [InlineData("{type: PathPrefix, value: /a/..}", "must not end with '/..' when type one of ['Exact', 'PathPrefix']")]
    [InlineData("{value: api}", "value must be an absolute path and start with '/' when type one of ['Exact', 'PathPrefix']")]
    public void Render_PathMatchValue_RefusedPerRule(string path, string message)
    {
        var result = RenderRoute($"  rules:\n  - matches: [{{path: {path}}}]\n    backendRefs: [{{name: svc, port: 8080}}]\n");

        var d = Violation(result);
        Assert.Equal($"spec.rules[0].matches[0].path: {message}", d.Message);
    }

    [Fact]
    public void Render_RegexPathNotStartingWithSlash_IsValid()
    {
        var result = RenderRoute("  rules:\n  - matches: [{path: {type: RegularExpression, value: 'api.*'}}]\n    backendRefs: [{name: svc, port: 8080}]\n");
        Assert.DoesNotContain(result.Diagnostics, d => d.Code == DiagnosticCodes.RuleViolation);
    }

    [Fact]
    public void Render_DuplicateListenerNames_RefusedAtTheListeners()
    {
        var result = Files.Render(("gw.yaml", Yaml.Class + Yaml.Gateway(Yaml.Http("web", 80) + Yaml.Http("web", 8080))));

        var d = Violation(result);
        Assert.Equal("spec.listeners: Listener name must be unique within the Gateway", d.Message);
        Assert.Equal(("gw.yaml", 12), (d.File, d.Line));
    }

    [Fact]
    public void Render_ServiceBackendWithoutPort_RefusedThroughTheDefaultKind()
    {
        // kind (Service) and group ("") are the schema's defaults: the rule sees them although they are not written.
        var result = RenderRoute("  rules:\n  - backendRefs: [{name: svc}]\n");

        var d = Violation(result);
        Assert.Equal("spec.rules[0].backendRefs[0]: Must have port for Service reference", d.Message);
    }

    [Fact]
    public void Render_FilterTypeWithoutItsField_Refused()
    {
        var result = RenderRoute("  rules:\n  - filters: [{type: RequestHeaderModifier}]\n    backendRefs: [{name: svc, port: 8080}]\n");

        var d = Violation(result);
        Assert.Equal("spec.rules[0].filters[0]: filter.requestHeaderModifier must be specified for RequestHeaderModifier filter.type", d.Message);
    }

    [Theory]
    [InlineData("{type: RequestHeaderModifier, requestHeaderModifier: {}}")]
    [InlineData("{type: ResponseHeaderModifier, responseHeaderModifier: {}}")]
    [InlineData("{type: RequestHeaderModifier, requestHeaderModifier: {set: []}}")]
    public void Render_FilterTypeWithEmptyField_Accepted(string filter)
    {
        // The API server's has() asks whether the field is there, not whether it holds something: an empty
        // modifier (which does nothing) is accepted by `kubectl apply`, so it is not refused here either.
        var result = RenderRoute($"  rules:\n  - filters: [{filter}]\n    backendRefs: [{{name: svc, port: 8080}}]\n");

        Assert.DoesNotContain(result.Diagnostics, d => d.Severity == DiagnosticSeverity.Error);
        Assert.Single(result.Plan.Listeners.SelectMany(l => l.VirtualHosts).SelectMany(v => v.Routes));
    }

    [Theory]
    [InlineData(10, 9, true)]
    [InlineData(9, 10, false)]
    public void Render_MirrorFraction_ComparedAsIntegers(int numerator, int denominator, bool refused)
    {
        // As strings "10" <= "9" would hold: the rule sees the integers the schema types them as.
        var result = RenderRoute("  rules:\n  - filters:\n    - type: RequestMirror\n"
            + $"      requestMirror: {{backendRef: {{name: svc, port: 8080}}, fraction: {{numerator: {numerator}, denominator: {denominator}}}}}\n"
            + "    backendRefs: [{name: svc, port: 8080}]\n");

        var violations = result.Diagnostics.Where(d => d.Code == DiagnosticCodes.RuleViolation).Select(d => d.Message).ToList();
        Assert.Equal(refused ? ["spec.rules[0].filters[0].requestMirror.fraction: numerator must be less than or equal to denominator"] : [], violations);
    }

    [Fact]
    public void Render_TwoParentRefsToOneGatewayWithoutSection_RefusedThroughTheEscapedNamespace()
    {
        // The rule reads p1.__namespace__: "namespace" is a CEL keyword, escaped as the API server escapes it.
        var result = Files.Render(("r.yaml", Yaml.Class + Yaml.Gateway(Yaml.Http()) + Yaml.Service("svc")
            + Yaml.Route("r", "  parentRefs: [{name: gw, namespace: infra}, {name: gw, namespace: infra, sectionName: http}]\n"
                + "  rules:\n  - backendRefs: [{name: svc, port: 8080}]\n")));

        var d = Violation(result);
        Assert.Equal("spec.parentRefs: sectionName or port must be specified when parentRefs includes 2 or more references to the same parent", d.Message);
    }

    [Fact]
    public void Render_ParentRefsToTheSameNameInTwoNamespaces_IsValid()
    {
        var result = Files.Render(("r.yaml", Yaml.Class + Yaml.Gateway(Yaml.Http()) + Yaml.Service("svc")
            + Yaml.Route("r", "  parentRefs: [{name: gw, namespace: infra}, {name: gw, namespace: other}]\n  rules:\n  - backendRefs: [{name: svc, port: 8080}]\n")));

        Assert.DoesNotContain(result.Diagnostics, d => d.Code == DiagnosticCodes.RuleViolation);
    }

    [Fact]
    public void Render_MoreThan128MatchesAcrossRules_RefusedOnce()
    {
        var matches = string.Join(", ", Enumerable.Range(0, 33).Select(i => $"{{path: {{value: /m{i}}}}}"));
        var rules = string.Concat(Enumerable.Range(0, 4).Select(_ => $"  - matches: [{matches}]\n    backendRefs: [{{name: svc, port: 8080}}]\n"));

        var d = Violation(RenderRoute("  rules:\n" + rules));

        Assert.Equal("spec.rules: While 16 rules and 64 matches per rule are allowed, the total number of matches across all rules in a route must be less than 128", d.Message);
    }

    [Fact]
    public void Render_BackendTimeoutLongerThanRequest_RefusedAsDurations()
    {
        // As strings "5s" > "10s" would hold: the rule compares durations.
        var ok = RenderRoute("  rules:\n  - timeouts: {request: 10s, backendRequest: 5s}\n    backendRefs: [{name: svc, port: 8080}]\n");
        var bad = RenderRoute("  rules:\n  - timeouts: {request: 5s, backendRequest: 10s}\n    backendRefs: [{name: svc, port: 8080}]\n");

        Assert.DoesNotContain(ok.Diagnostics, d => d.Code == DiagnosticCodes.RuleViolation);
        Assert.Equal("spec.rules[0].timeouts: backendRequest timeout cannot be longer than request timeout", Violation(bad).Message);
    }

    [Theory]
    [InlineData("10.0.0.1", true)]
    [InlineData("192.168.0.10", true)]
    [InlineData("10.0.0.1.example.com", false)]
    public void Render_TlsRouteHostnameThatIsAnIp_Refused(string hostname, bool refused)
    {
        var result = Files.Render(("r.yaml", Yaml.Class + Yaml.Gateway("  - {name: tls, port: 443, protocol: TLS, tls: {mode: Passthrough}}\n")
            + Yaml.Service("svc")
            + Yaml.Route("r", Yaml.Parent() + $"  hostnames: [\"{hostname}\"]\n  rules:\n  - backendRefs: [{{name: svc, port: 8080}}]\n", kind: "TLSRoute")));

        Assert.Equal(refused, result.Diagnostics.Any(d => d.Code == DiagnosticCodes.RuleViolation && d.Message == "spec.hostnames: Hostnames cannot contain an IP"));
    }

    [Theory]
    [InlineData("10.0.0.1", true)]
    [InlineData("fd00::1", true)]
    [InlineData("1", false)]
    [InlineData("010.0.0.1", false)]
    [InlineData("256.0.0.1", false)]
    [InlineData("fe80::1%eth0", false)]
    [InlineData("example.com", false)]
    public void IsIP_KubernetesForms_AsTheApiServerReadsThem(string s, bool ip) => Assert.Equal(ip, CelFunctions.IsIP(s));

    [Fact]
    public void Render_RuleOverAValueWithASchemaError_NotEvaluated()
    {
        // The schema finding is the one finding: the rule does not run on a value of the wrong shape.
        var result = RenderRoute("  rules:\n  - matches: [{path: {type: PathPrefix, value: [a]}}]\n    backendRefs: [{name: svc, port: 8080}]\n");

        Assert.DoesNotContain(result.Diagnostics, d => d.Code == DiagnosticCodes.RuleViolation);
        Assert.Contains(result.Diagnostics, d => d.Code == DiagnosticCodes.InvalidField);
    }
}
