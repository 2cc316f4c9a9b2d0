using GitGateway.Renderer.Rendering;

namespace GitGateway.Renderer.Tests.Layout;

public sealed class OwnershipTests
{
    private const string Config = "apiVersion: gitgateway.dev/v1alpha1\nkind: GitGatewayConfig\nmetadata: {name: config}\nspec: {}\n";
    private const string Platform = "apiVersion: gitgateway.dev/v1alpha1\nkind: Team\nmetadata: {name: platform}\nspec:\n  role: platform\n  owners: [\"@acme/platform\"]\n  namespaces: [infra]\n";
    private const string Store = "apiVersion: gitgateway.dev/v1alpha1\nkind: Team\nmetadata: {name: store}\nspec:\n  owners: [\"@acme/store\"]\n  namespaces: [app]\n  hostnames: [store.example.com, \"*.store.example.com\"]\n  services: [{name: svc, ports: [8080]}]\n";

    [Fact]
    public void Render_ValidLayout_NoDiagnostics()
    {
        var result = Render(("teams/store/routes/r.yaml", StoreRoute("[store.example.com, api.store.example.com]")));
        Assert.Empty(result.Diagnostics);
        Assert.Equal(2, result.Plan.Listeners[0].VirtualHosts.Count);
    }

    [Fact]
    public void Render_RouteInOtherNamespace_NamespaceNotOwnedAndDropped()
    {
        var result = Render(("teams/store/routes/r.yaml", StoreRoute("[store.example.com]").Replace("namespace: app", "namespace: infra", StringComparison.Ordinal)));
        Assert.Contains(result.Diagnostics, d => d.Code == "NamespaceNotOwned" && d.File == "teams/store/routes/r.yaml");
        Assert.Empty(result.Status.Routes);
    }

    [Theory]
    [InlineData("[pay.example.com]")]
    [InlineData("[\"*.example.com\"]")]
    public void Render_HostnameOutsideTeam_HostnameNotOwned(string hostnames)
    {
        var result = Render(("teams/store/routes/r.yaml", StoreRoute(hostnames)));
        Assert.Contains(result.Diagnostics, d => d.Code == "HostnameNotOwned");
        Assert.Empty(result.Plan.Listeners[0].VirtualHosts);
    }

    [Fact]
    public void Render_TeamDefinesGateway_PlatformOnlyKind()
    {
        var gw = Yaml.Gateway(Yaml.Http(), name: "mine", ns: "app");
        var result = Render(("teams/store/gw.yaml", gw));
        Assert.Contains(result.Diagnostics, d => d.Code == "PlatformOnlyKind");
        Assert.DoesNotContain(result.Status.Gateways, g => g.Name == "mine");
    }

    [Fact]
    public void Render_TeamPolicyOnGateway_PlatformOnlyKind()
    {
        var policy = "apiVersion: gitgateway.dev/v1alpha1\nkind: ProxyPolicy\nmetadata: {name: p, namespace: app}\nspec:\n  type: WAF\n  targetRef: {kind: Gateway, name: gw}\n  waf: {mode: detection}\n";
        var result = Render(("teams/store/policies/p.yaml", policy));
        Assert.Contains(result.Diagnostics, d => d.Code == "PlatformOnlyKind" && d.File == "teams/store/policies/p.yaml");
    }

    [Fact]
    public void Render_FileOutsideLayout_IsDiagnostic()
    {
        var result = Render(("misc/notes.yaml", "x: 1\n"), ("README.md", "# hi\n"), ("CODEOWNERS", "* @acme\n"));
        var d = Assert.Single(result.Diagnostics, x => x.Code is "FileOutsideLayout" or "NotOwner");
        Assert.Equal("misc/notes.yaml", d.File);
    }

    [Fact]
    public void Render_TeamTestsFolder_IsNotReadAsManifests()
    {
        var result = Render(("teams/store/tests/t.yaml",
            "apiVersion: gitgateway.dev/v1alpha1\nkind: RoutingTest\nmetadata: {name: t}\nspec:\n  cases:\n  - request: {host: store.example.com, path: /}\n    expect: {backend: svc}\n"));
        Assert.Empty(result.Diagnostics);
    }

    [Fact]
    public void Render_FlatMode_NoOwnershipChecks()
    {
        var files = new[] { ("x/gw.yaml", Yaml.Class + Yaml.Gateway(Yaml.Http(), ns: "anything")) };
        Assert.Empty(Files.Render(files).Diagnostics);
    }

    private static string StoreRoute(string hostnames) =>
        $"apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {{name: r, namespace: app}}\nspec:\n  parentRefs: [{{name: gw, namespace: infra}}]\n  hostnames: {hostnames}\n  rules:\n  - backendRefs: [{{name: svc, port: 8080}}]\n";

    private static RenderResult Render(params (string Path, string Text)[] extra) =>
        Files.Render([
            ("gitgateway.yaml", Config),
            ("platform/team.yaml", Platform),
            ("platform/gateway.yaml", Yaml.Class + Yaml.Gateway(Yaml.Http())),
            ("teams/store/team.yaml", Store),
            .. extra,
        ]);
}
