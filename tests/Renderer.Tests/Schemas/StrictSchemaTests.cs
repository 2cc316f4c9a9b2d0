using GitGateway.Renderer.Diagnostics;
using GitGateway.Renderer.Rendering;

namespace GitGateway.Renderer.Tests.Schemas;

public sealed class StrictSchemaTests
{
    private const string Config = "apiVersion: gitgateway.dev/v1alpha1\nkind: GitGatewayConfig\nmetadata: {name: config}\nspec: {}\n";
    private const string Platform = "apiVersion: gitgateway.dev/v1alpha1\nkind: Team\nmetadata: {name: platform}\nspec:\n  role: platform\n  owners: [\"@acme/platform\"]\n  namespaces: [infra]\n";
    private const string Store = "apiVersion: gitgateway.dev/v1alpha1\nkind: Team\nmetadata: {name: store}\nspec:\n  owners: [\"@acme/store\"]\n  namespaces: [app]\n  hostnames: [\"*.store.example.com\", store.example.com]\n  services: [{name: svc, ports: [8080]}]\n";

    private static string Route(string spec) =>
        $"apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {{name: r, namespace: app}}\nspec:\n  parentRefs: [{{name: gw, namespace: infra}}]\n{spec}";

    [Fact]
    public void Render_MisspeltHostnames_UnknownFieldWithSuggestionAtTheKey()
    {
        var result = Files.Render(("r.yaml", Route("  hostname: [store.example.com]\n  rules:\n  - backendRefs: [{name: svc, port: 8080}]\n")));

        var d = Assert.Single(result.Diagnostics, x => x.Severity == DiagnosticSeverity.Error);
        Assert.Equal("r.yaml:6:3: error UnknownField: spec.hostname is not a field of HTTPRoute.spec (did you mean hostnames?)", d.ToString());
    }

    [Fact]
    public void Render_MisspeltBackendNamespace_NamesTheItemAndItsType()
    {
        var result = Files.Render(("r.yaml", Route("  rules:\n  - backendRefs:\n    - {name: svc, port: 8080, namspace: other}\n")));

        var d = Assert.Single(result.Diagnostics, x => x.Severity == DiagnosticSeverity.Error);
        Assert.Equal(DiagnosticCodes.UnknownField, d.Code);
        Assert.Equal("spec.rules[0].backendRefs[0].namspace is not a field of HTTPRoute.spec.rules[].backendRefs[] (did you mean namespace?)", d.Message);
        Assert.Equal((8, 31), (d.Line, d.Column));
        Assert.Empty(result.Plan.Listeners.SelectMany(l => l.VirtualHosts));
    }

    [Fact]
    public void Render_TimeoutPolicyWithIdle_UnknownFieldBecauseNoNodeEnforcesIt()
    {
        // The schema once listed timeout.idle while nothing read it: a reviewer saw a 60 s idle timeout that the edge
        // never applied. A field the edge cannot honour must be refused, not carried silently.
        var policy = "apiVersion: gitgateway.dev/v1alpha1\nkind: ProxyPolicy\nmetadata: {name: p, namespace: app}\nspec:\n  type: Timeout\n  targetRef: {kind: HTTPRoute, name: r}\n  timeout: {request: 15s, idle: 60s}\n";
        var result = Files.Render(("p.yaml", policy));

        var d = Assert.Single(result.Diagnostics, x => x.Code == DiagnosticCodes.UnknownField);
        Assert.Equal("spec.timeout.idle is not a field of ProxyPolicy.spec.timeout", d.Message);
        Assert.Equal(7, d.Line);
    }

    [Fact]
    public void Render_WrongType_IsAnError()
    {
        var result = Files.Render(("r.yaml", Route("  hostnames: {a: b}\n")));
        var d = Assert.Single(result.Diagnostics, x => x.Severity == DiagnosticSeverity.Error);
        Assert.Equal(DiagnosticCodes.InvalidField, d.Code);
        Assert.Contains("must be a list, not a mapping", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_SeventeenHostnames_OneLimitError()
    {
        var hosts = string.Join(", ", Enumerable.Range(0, 17).Select(i => $"h{i}.example.com"));
        var result = Files.Render(("r.yaml", Route($"  hostnames: [{hosts}]\n  rules:\n  - backendRefs: [{{name: svc, port: 8080}}]\n")));

        var d = Assert.Single(result.Diagnostics, x => x.Severity == DiagnosticSeverity.Error);
        Assert.Equal(DiagnosticCodes.LimitExceeded, d.Code);
        Assert.Equal("spec.hostnames has 17 items; HTTPRoute allows at most 16: remove 1 or split the object", d.Message);
    }

    [Fact]
    public void Render_SeventeenHostnamesOnAnAttachedRoute_OneErrorAndTheRouteNotAccepted()
    {
        // With its Gateway present the route is not attached (its status says so), and that is not a second error.
        var hosts = string.Join(", ", Enumerable.Range(0, 17).Select(i => $"h{i}.example.com"));
        var result = Files.Render(("r.yaml", Yaml.Class + Yaml.Gateway(Yaml.Http()) + Yaml.Service("svc")
            + Yaml.Route("r", Yaml.Parent() + $"  hostnames: [{hosts}]\n  rules:\n  - backendRefs: [{{name: svc, port: 8080}}]\n")));

        var d = Assert.Single(result.Diagnostics, x => x.Severity == DiagnosticSeverity.Error);
        Assert.Equal(DiagnosticCodes.LimitExceeded, d.Code);
        var accepted = result.Status.Routes[0].Parents[0].Conditions.Single(c => c.Type == "Accepted");
        Assert.Equal(("False", "UnsupportedValue"), (accepted.Status, accepted.Reason));
    }

    [Fact]
    public void Render_UpstreamPatternAndEnum_AreChecked()
    {
        var result = Files.Render(("r.yaml", Route("  rules:\n  - matches: [{path: {type: Prefix, value: /}}]\n    backendRefs: [{name: svc, port: 8080}]\n")));
        var d = Assert.Single(result.Diagnostics, x => x.Severity == DiagnosticSeverity.Error);
        Assert.Contains("Prefix", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_MisspeltMetadataNamespace_IsUnknownField()
    {
        var result = Files.Render(("s.yaml", "apiVersion: v1\nkind: Service\nmetadata: {name: s, namespce: app}\nspec: {ports: [{port: 80}]}\n"));
        var d = Assert.Single(result.Diagnostics, x => x.Severity == DiagnosticSeverity.Error);
        Assert.Equal("metadata.namespce is not a field of Service.metadata (did you mean namespace?)", d.Message);
    }

    [Theory]
    [InlineData("teams/store/team.yaml", "  hostname: [a.store.example.com]\n", "spec.hostname is not a field of Team.spec (did you mean hostnames?)")]
    [InlineData("gitgateway.yaml", "  teamDir: teams\n", "spec.teamDir is not a field of GitGatewayConfig.spec (did you mean teamsDir?)")]
    public void Render_OwnKindTypo_IsUnknownField(string path, string extra, string message)
    {
        var files = Layout().Select(f => f.Path == path ? (f.Path, f.Text.Replace("spec: {}\n", "spec:\n", StringComparison.Ordinal) + extra) : f).ToArray();
        var result = Files.Render(files);
        Assert.Contains(result.Diagnostics, d => d.Code == DiagnosticCodes.UnknownField && d.Message == message && d.File == path);
    }

    [Fact]
    public void Render_PolicyCorsTypo_IsUnknownField()
    {
        var policy = "apiVersion: gitgateway.dev/v1alpha1\nkind: ProxyPolicy\nmetadata: {name: p, namespace: app}\nspec:\n  type: CORS\n  targetRef: {kind: HTTPRoute, name: r}\n  cors: {allowOrigins: [\"https://a.example.com\"], allowCredential: true}\n";
        var result = Files.Render(("p.yaml", policy));
        Assert.Contains(result.Diagnostics, d => d.Message == "spec.cors.allowCredential is not a field of ProxyPolicy.spec.cors (did you mean allowCredentials?)");
    }

    [Fact]
    public void Render_VipTypo_IsUnknownField()
    {
        var vip = "apiVersion: gitgateway.dev/v1alpha1\nkind: ProxyVIP\nmetadata: {name: v}\nspec:\n  address: 10.0.0.1/32\n  bgpConfig: {localAS: 64500, routerID: 10.0.0.1, peer: []}\n";
        var result = Files.Render(("v.yaml", vip));
        Assert.Contains(result.Diagnostics, d => d.Message == "spec.bgpConfig.peer is not a field of ProxyVIP.spec.bgpConfig (did you mean peers?)");
    }

    [Fact]
    public void Render_RoutingTestTypo_IsUnknownField()
    {
        var test = "apiVersion: gitgateway.dev/v1alpha1\nkind: RoutingTest\nmetadata: {name: t}\nspec:\n  cases:\n  - request: {host: store.example.com}\n    expect: {backnd: app/svc:8080}\n";
        var result = Files.Render([.. Layout(), ("teams/store/tests/t.yaml", test)]);
        var d = Assert.Single(result.Diagnostics, x => x.Severity == DiagnosticSeverity.Error);
        Assert.Equal("teams/store/tests/t.yaml:7:14: error UnknownField: spec.cases[0].expect.backnd is not a field of RoutingTest.spec.cases[].expect (did you mean backend?)", d.ToString());
    }

    [Fact]
    public void Render_ApiVersionTypoInLayout_IsAnError()
    {
        var route = Route("  hostnames: [store.example.com]\n").Replace("gateway.networking.k8s.io/v1", "gateway.networking.k8s.io/v1beta9", StringComparison.Ordinal);
        var result = Files.Render([.. Layout(), ("teams/store/routes/r.yaml", route)]);
        var d = Assert.Single(result.Diagnostics, x => x.Severity == DiagnosticSeverity.Error);
        Assert.Equal(DiagnosticCodes.UnsupportedApiVersion, d.Code);
        Assert.Equal(DiagnosticSeverity.Error, d.Severity);
        Assert.True(result.HasErrors);
    }

    [Fact]
    public void Render_ForeignKindInLayout_IsAnErrorUnlessIgnored()
    {
        var deployment = ("teams/store/deploy.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d, namespace: app}\n");

        var refused = Files.Render([.. Layout(), deployment]);
        var ignoring = Layout().Select(f => f.Path == "gitgateway.yaml"
            ? (f.Path, Config.Replace("spec: {}", "spec:\n  ignoredKinds: [{apiVersion: apps/v1, kind: Deployment}]", StringComparison.Ordinal))
            : f).ToArray();
        var accepted = Files.Render([.. ignoring, deployment]);

        Assert.Contains(refused.Diagnostics, d => d.Code == DiagnosticCodes.UnknownKind && d.Severity == DiagnosticSeverity.Error
            && d.Message.Contains("spec.ignoredKinds", StringComparison.Ordinal));
        Assert.Empty(accepted.Diagnostics);
    }

    [Fact]
    public void Render_ValidLayoutWithRoutingTest_NoDiagnostics()
    {
        var test = "apiVersion: gitgateway.dev/v1alpha1\nkind: RoutingTest\nmetadata: {name: t}\nspec:\n  cases:\n  - name: root\n    request: {host: store.example.com, path: /, headers: {X-A: b}}\n    expect: {backends: {app/svc:8080: 100}}\n";
        var result = Files.Render([.. Layout(), ("teams/store/tests/t.yaml", test), ("teams/store/routes/r.yaml", Route("  hostnames: [store.example.com]\n"))]);
        Assert.Empty(result.Diagnostics);
    }

    [Fact]
    public void Render_ExampleRepository_NoErrors()
    {
        var result = PlanRenderer.Render(new RenderInput(SourceFiles.ReadDirectory(Path.Combine(Fixtures.RepoPaths.Root, "examples", "repo-layout")).Files, "example"));
        Assert.DoesNotContain(result.Diagnostics, d => d.Severity == DiagnosticSeverity.Error);
    }

    private static (string Path, string Text)[] Layout() =>
    [
        ("gitgateway.yaml", Config),
        ("platform/team.yaml", Platform),
        ("platform/gateway.yaml", Yaml.Class + Yaml.Gateway(Yaml.Http())),
        ("teams/store/team.yaml", Store),
    ];
}
