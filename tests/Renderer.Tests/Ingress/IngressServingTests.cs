using System.Text;
using GitGateway.Plan.Diff;
using GitGateway.Plan.Model;
using GitGateway.Renderer.Ingress;
using GitGateway.Renderer.Rendering;

namespace GitGateway.Renderer.Tests.Ingress;

/// <summary>Ingresses in a team folder during a move: served through the routes they convert to, under the team's ownership checks.</summary>
public sealed class IngressServingTests
{
    private const string Config = "apiVersion: gitgateway.dev/v1alpha1\nkind: GitGatewayConfig\nmetadata: {name: config}\nspec: {}\n";
    private const string Platform = "apiVersion: gitgateway.dev/v1alpha1\nkind: Team\nmetadata: {name: platform}\nspec:\n  role: platform\n  owners: [\"@acme/platform\"]\n  namespaces: [infra]\n";
    private const string Store = "apiVersion: gitgateway.dev/v1alpha1\nkind: Team\nmetadata: {name: store}\nspec:\n  owners: [\"@acme/store\"]\n  namespaces: [app]\n  hostnames: [store.example.com]\n  services: [{name: web, ports: [8080]}, {name: api, ports: [8080]}]\n";
    private const string Pay = "apiVersion: gitgateway.dev/v1alpha1\nkind: Team\nmetadata: {name: pay}\nspec:\n  owners: [\"@acme/pay\"]\n  namespaces: [pay]\n  hostnames: [pay.example.com]\n  services: [{name: web, ports: [8080]}]\n";

    [Theory]
    [InlineData("gitgateway")]
    [InlineData("novaedge")]
    public void Render_IngressOfOurClass_ServedWithWarningPointingAtImport(string className)
    {
        var result = Render(("teams/store/ingress/web.yaml", Ingress(className)));

        var entries = Entries(result, "store.example.com");
        Assert.Equal(["/api", "/"], entries.Select(e => e.Match.Path.Value));
        Assert.Equal("app/api:8080", Backend(entries[0]));
        Assert.Equal("app/web:8080", Backend(entries[1]));
        var warning = Assert.Single(result.Diagnostics, d => d.Code == "IngressServed");
        Assert.Equal(("teams/store/ingress/web.yaml", 1), (warning.File, warning.Line));
        Assert.Contains("gitgateway import ingress teams/store/ingress/web.yaml --team store", warning.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(result.Diagnostics, d => d.Severity == Diagnostics.DiagnosticSeverity.Error);
    }

    [Theory]
    [InlineData("nginx", "ingressClassName 'nginx'")]
    [InlineData(null, "has no ingressClassName")]
    public void Render_IngressOfAnotherClass_IgnoredWithWarningNamingTheClass(string? className, string expected)
    {
        var result = Render(("teams/store/ingress/web.yaml", Ingress(className)));

        Assert.Empty(result.Plan.Listeners[0].VirtualHosts);
        var warning = Assert.Single(result.Diagnostics, d => d.Code == "IngressNotServed");
        Assert.Contains(expected, warning.Message, StringComparison.Ordinal);
        Assert.Equal(1, warning.Line);
    }

    [Fact]
    public void Render_TeamIngressClaimsAnotherTeamsHost_HostnameNotOwnedAtTheIngress()
    {
        var result = Render(("teams/pay/team.yaml", Pay), ("teams/store/ingress/web.yaml", Ingress("gitgateway").Replace("store.example.com", "pay.example.com", StringComparison.Ordinal)));

        var error = Assert.Single(result.Diagnostics, d => d.Code == "HostnameNotOwned");
        Assert.Equal("teams/store/ingress/web.yaml", error.File);
        Assert.Empty(result.Plan.Listeners[0].VirtualHosts);
    }

    [Fact]
    public void Render_IngressInNamespaceTheTeamDoesNotOwn_NamespaceNotOwned()
    {
        var result = Render(("teams/store/ingress/web.yaml", Ingress("gitgateway").Replace("namespace: app", "namespace: pay", StringComparison.Ordinal)));

        Assert.Contains(result.Diagnostics, d => d.Code == "NamespaceNotOwned" && d.File == "teams/store/ingress/web.yaml");
        Assert.Empty(result.Plan.Listeners[0].VirtualHosts);
    }

    [Fact]
    public void Render_AnnotationNotConverted_WarningAtTheAnnotationLine()
    {
        var ingress = Ingress("gitgateway").Replace("  namespace: app\n", "  namespace: app\n  annotations:\n    nginx.ingress.kubernetes.io/auth-url: http://auth\n", StringComparison.Ordinal);
        var result = Render(("teams/store/ingress/web.yaml", ingress));

        var warning = Assert.Single(result.Diagnostics, d => d.Code == "IngressNotConverted");
        Assert.Equal(7, warning.Line);
        Assert.Contains("auth-url", warning.Message, StringComparison.Ordinal);
        Assert.NotEmpty(Entries(result, "store.example.com"));
    }

    [Fact]
    public void Render_HostilePathInServedIngress_ErrorAtTheIngressPathAndNotServed()
    {
        var result = Render(("teams/store/ingress/web.yaml", Ingress("gitgateway").Replace("path: /api", "path: \"/api\\r\\nX-Injected: 1\"", StringComparison.Ordinal)));

        var error = Assert.Single(result.Diagnostics, d => d.Code == "ControlCharacter");
        Assert.Equal(("teams/store/ingress/web.yaml", 12), (error.File, error.Line));
        Assert.Empty(result.Plan.Listeners[0].VirtualHosts);
    }

    [Fact]
    public void PlanDiff_ServedIngressAgainstItsImport_SameRoutesNothingAddedOrRemoved()
    {
        var served = Render(("teams/store/ingress/web.yaml", Ingress("gitgateway")));
        var import = IngressImport.Convert([Files.Of("web.yaml", Ingress("gitgateway"))], Repository(), "store");
        var imported = Render([.. import.Files.Where(f => f.Path.EndsWith(".yaml", StringComparison.Ordinal)).Select(f => (f.Path, f.Content))]);

        Assert.Empty(import.Diagnostics);
        Assert.DoesNotContain(imported.Diagnostics, d => d.Severity == Diagnostics.DiagnosticSeverity.Error);
        var diff = PlanDiff.Compute(served.Plan, imported.Plan);
        Assert.DoesNotContain(diff.Changes, c => c.Kind is ChangeKind.Added or ChangeKind.Removed);
        Assert.Equal(Entries(served, "store.example.com").Select(e => e.Id), Entries(imported, "store.example.com").Select(e => e.Id));

        // Against the plan without the Ingress, serving it adds its two routes' entries.
        var before = Render();
        var added = Assert.Single(PlanDiff.Compute(before.Plan, served.Plan).Changes);
        Assert.Equal((ChangeKind.Added, "gateway/infra/gw/listener/http/host/store.example.com"), (added.Kind, added.Id));
        Assert.Equal(["httproute/app/web-store.example.com/rule/0/match/0", "httproute/app/web-store.example.com/rule/1/match/0"], Entries(served, "store.example.com").Select(e => e.Id));
    }

    private static string Ingress(string? className) =>
        "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: web\n  namespace: app\nspec:\n"
        + (className is null ? "" : $"  ingressClassName: {className}\n")
        + "  rules:\n  - host: store.example.com\n    http:\n      paths:\n"
        + "      - path: /api\n        pathType: Prefix\n        backend: {service: {name: api, port: {number: 8080}}}\n"
        + "      - path: /\n        pathType: Prefix\n        backend: {service: {name: web, port: {number: 8080}}}\n";

    private static List<RouteEntry> Entries(RenderResult result, string host) =>
        [.. result.Plan.Listeners.SelectMany(l => l.VirtualHosts).Where(v => v.Hostname == host).SelectMany(v => v.Routes)];

    private static string Backend(RouteEntry entry) => entry.Backends.Single() is var b ? $"{b.Namespace}/{b.Name}:{b.Port}" : "";

    private static List<SourceFile> Repository() =>
    [
        Files.Of("gitgateway.yaml", Config),
        Files.Of("platform/team.yaml", Platform),
        Files.Of("platform/gateway.yaml", Yaml.Class + Yaml.Gateway(Yaml.Http())),
        Files.Of("teams/store/team.yaml", Store),
    ];

    private static RenderResult Render(params (string Path, string Text)[] extra) =>
        PlanRenderer.Render(new RenderInput([.. Repository(), .. extra.Select(e => new SourceFile(e.Path, Encoding.UTF8.GetBytes(e.Text)))], "test"));
}
