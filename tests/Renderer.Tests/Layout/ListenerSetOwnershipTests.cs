using GitGateway.Renderer.Rendering;

namespace GitGateway.Renderer.Tests.Layout;

/// <summary>A team's ListenerSet may claim only the team's hostnames, like its routes (ListenerHostnameOwnership).</summary>
public sealed class ListenerSetOwnershipTests
{
    private const string Config = "apiVersion: gitgateway.dev/v1alpha1\nkind: GitGatewayConfig\nmetadata: {name: config}\nspec: {}\n";
    private const string Platform = "apiVersion: gitgateway.dev/v1alpha1\nkind: Team\nmetadata: {name: platform}\nspec:\n  role: platform\n  owners: [\"@acme/platform\"]\n  namespaces: [infra]\n";
    private const string Store = "apiVersion: gitgateway.dev/v1alpha1\nkind: Team\nmetadata: {name: store}\nspec:\n  owners: [\"@acme/store\"]\n  namespaces: [app]\n  hostnames: [store.example.com, \"*.store.example.com\"]\n  services: [{name: svc, ports: [8080]}]\n";
    private const string Pay = "apiVersion: gitgateway.dev/v1alpha1\nkind: Team\nmetadata: {name: pay}\nspec:\n  owners: [\"@acme/pay\"]\n  namespaces: [pay]\n  hostnames: [pay.example.com]\n";
    private const string Path = "teams/store/listeners.yaml";

    [Fact]
    public void Render_TeamSetWithinOwnHostnames_AttachedWithoutDiagnostics()
    {
        var result = Render(Set(Yaml.Http("api", 8080, hostname: "api.store.example.com")));
        Assert.Empty(result.Diagnostics.Select(d => $"{d.Code} {d.File}:{d.Line} {d.Message}"));
        Assert.Contains(result.Plan.Listeners, l => l.Hostname == "api.store.example.com" && l.Source.File == Path);
    }

    [Theory]
    [InlineData("  - {name: l, port: 8080, protocol: HTTP, hostname: pay.example.com}\n", "claims pay.example.com, outside team store's hostnames")]
    [InlineData("  - {name: l, port: 8080, protocol: HTTP}\n", "has no hostname, so it would claim every hostname on port 8080")]
    [InlineData("  - {name: l, port: 2222, protocol: TCP}\n", "is TCP on port 2222, which would take the whole port")]
    public void Render_TeamSetListenerNotOwned_HostnameNotOwnedAtListenerAndSetLeftOut(string listener, string message)
    {
        var result = Render(Set(Yaml.Http("ok", 8080, hostname: "store.example.com") + listener));
        var d = Assert.Single(result.Diagnostics);
        Assert.Equal(("HostnameNotOwned", Path, 8), (d.Code, d.File, d.Line));
        Assert.Contains(message, d.Message, StringComparison.Ordinal);
        Assert.Empty(result.Status.ListenerSets);
        Assert.DoesNotContain(result.Plan.Listeners, l => l.Source.File == Path);
    }

    private static string Set(string listeners) =>
        $"apiVersion: gateway.networking.k8s.io/v1\nkind: ListenerSet\nmetadata: {{name: store, namespace: app}}\nspec:\n  parentRef: {{name: gw, namespace: infra}}\n  listeners:\n{listeners}";

    private static RenderResult Render(string set) =>
        Files.Render([
            ("gitgateway.yaml", Config),
            ("platform/team.yaml", Platform),
            ("platform/gateway.yaml", Yaml.Class + Yaml.Gateway(Yaml.Http(), extra: "  allowedListeners: {namespaces: {from: All}}\n")),
            ("teams/store/team.yaml", Store),
            ("teams/pay/team.yaml", Pay),
            (Path, set),
        ]);
}
