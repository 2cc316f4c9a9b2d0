using GitGateway.Renderer.Binding;
using GitGateway.Renderer.Manifests;

namespace GitGateway.Renderer.Tests.Binding;

/// <summary>
/// A backend's id is <c>{kind}/{namespace}/{name}:{port}</c> however it is built: the one a Service port keeps for every
/// backendRef to it (<see cref="ServiceBackends"/>) and the one built for a reference that does not resolve.
/// </summary>
public sealed class BackendIdTests
{
    public static TheoryData<string, string, int> Shapes() => new()
    {
        { "app", "svc", 8080 },
        { "", "svc", 1 },
        { "a/b", "c/d", 65535 },
        { "équipe", "服务", 443 },
        { "app", "svc:8080", 80 },
        { "app", "", 8080 },
        { "ns\u0000x", "\ud83d\ude00", 9000 },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Id_AnyShape_AsWrittenOutAndTheSameStringEachTime(string ns, string name, int port)
    {
        var service = new ServiceBackends(ns, name, [new ServicePort(7, null, null, "TCP"), new ServicePort(port, "p", null, "TCP")]);
        var id = service.Id(1);
        Assert.Equal("Service/" + ns + "/" + name + ":" + port.ToString(System.Globalization.CultureInfo.InvariantCulture), id);
        Assert.Equal(BackendIds.Of("Service", ns, name, port), id);
        Assert.Same(id, service.Id(1));
        Assert.Equal("Service/" + ns + "/" + name + ":7", service.Id(0));
    }

    [Fact]
    public void Render_CataloguedServiceInTwoNamespaces_EachNamespaceItsOwnId()
    {
        var team = "---\napiVersion: gitgateway.dev/v1alpha1\nkind: Team\nmetadata: {name: t}\nspec:\n  namespaces: [app, web]\n  services: [{name: cat, ports: [9000, 9001]}]\n";
        var routes = Yaml.Route("r", Yaml.Parent() + "  hostnames: [r.example.com]\n  rules:\n  - backendRefs: [{name: cat, port: 9000}, {name: cat, port: 9001}, {name: cat, port: 9000}]\n")
            + Yaml.Route("w", Yaml.Parent() + "  hostnames: [w.example.com]\n  rules:\n  - backendRefs: [{name: cat, port: 9001}, {name: nowhere, port: 1}, {name: cat, port: 7}]\n", ns: "web");
        var result = Files.Render(("a.yaml", Yaml.Class + Yaml.Gateway(Yaml.Http()) + routes + team));
        var ids = result.Plan.Listeners[0].VirtualHosts.SelectMany(h => h.Routes).SelectMany(r => r.Backends).Select(b => (b.Id, b.Unresolved)).ToList();
        Assert.Equal(
            [
                ("Service/app/cat:9000", null), ("Service/app/cat:9001", null), ("Service/app/cat:9000#2", null),
                ("Service/web/cat:9001", null), ("Service/web/nowhere:1", "BackendNotFound"), ("Service/web/cat:7", "BackendNotFound"),
            ],
            ids.OrderBy(i => i.Id.Contains("/web/", StringComparison.Ordinal)).ToList());
    }
}
