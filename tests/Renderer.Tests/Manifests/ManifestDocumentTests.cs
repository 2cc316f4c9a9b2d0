using GitGateway.Plan.Model;
using GitGateway.Renderer.Diagnostics;
using GitGateway.Renderer.Manifests;
using GitGateway.Renderer.Rendering;

namespace GitGateway.Renderer.Tests.Manifests;

/// <summary>
/// The render's load types each object as its file is read and lets go of the object's YAML tree
/// (<see cref="ManifestLoader.LoadTyped"/>): the same set and diagnostics as loading with the trees and typing after,
/// the places later diagnostics need kept, and an Ingress's tree kept for its conversion.
/// </summary>
public sealed class ManifestDocumentTests
{
    private const string Gateway = "apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata: {name: gw, namespace: ns}\n"
        + "spec:\n  gatewayClassName: gg\n  listeners: [{name: http, port: 80, protocol: HTTP}]\n";

    private const string Ingress = "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: web, namespace: ns}\n"
        + "spec:\n  ingressClassName: gitgateway\n  rules:\n  - host: web.example.com\n    http:\n      paths:\n      - {path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}\n";

    private static readonly (string Path, string Text)[] Repository =
    [
        ("gateway.yaml", Gateway),
        ("ingress.yaml", Ingress),
        ("hosts.yaml", Route("hosts", "\n  # the key below is what an ownership error points at\n  hostnames: [a.example.com]", "/a")),
        ("no-hosts.yaml", Route("no-hosts", "", "/b")),
        ("broken.yaml", Route("broken", "\n  hostnames: [\"Not A Host\"]", "no-slash")),
        ("no-spec.yaml", "apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {name: no-spec, namespace: ns}\n"),
        ("two.yaml", Route("first", "", "/c") + "---\n" + Route("second", "\n  hostnames: [b.example.com]", "/d")),
        ("service.yaml", "apiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: ns}\nspec:\n  ports: [{port: 80, name: http}]\n"),
    ];

    [Fact]
    public void LoadTyped_TypedKinds_LetGoOfTheirTreesAndKeepTheirTypedReads()
    {
        var objects = ManifestLoader.LoadTyped(Files(), new DiagnosticBag(), layout: null, cache: null);

        Assert.Equal(9, objects.Count); // two.yaml holds two
        foreach (var obj in objects.Where(o => o.Kind != "Ingress"))
        {
            Assert.False(obj.Document.HoldsTree, obj.Key);
            Assert.Throws<InvalidOperationException>(() => obj.Root);
            Assert.NotNull(obj.Document.TypedRead);
        }

        var route = Assert.IsType<RouteObject>(objects.Single(o => o.Name == "hosts").Document.TypedRead!.Value);
        Assert.Same(objects.Single(o => o.Name == "hosts"), route.Object);
        Assert.Equal(["a.example.com"], route.Hostnames);
    }

    [Fact]
    public void Key_MadeOnceAndACopyWithOtherPartsMakesItsOwn()
    {
        var objects = ManifestLoader.LoadTyped(Files(), new DiagnosticBag(), layout: null, cache: null);
        var route = objects.Single(o => o.Name == "hosts");
        var renamed = route with { Name = "renamed" };
        var cluster = route with { Namespace = null };

        Assert.Equal("HTTPRoute/ns/hosts", route.Key);
        Assert.Same(route.Key, route.Key);
        Assert.Equal("HTTPRoute/ns/renamed", renamed.Key);
        Assert.Equal("HTTPRoute/hosts", cluster.Key);
        Assert.Equal("HTTPRoute/ns/hosts", route.Key);
        Assert.Equal([.. objects.Select(o => o.Namespace is null ? $"{o.Kind}/{o.Name}" : $"{o.Kind}/{o.Namespace}/{o.Name}")], [.. objects.Select(o => o.Key)]);
    }

    [Fact]
    public void LoadTyped_Ingress_KeepsItsTreeForTheConversion()
    {
        var ingress = ManifestLoader.LoadTyped(Files(), new DiagnosticBag(), layout: null, cache: null).Single(o => o.Kind == "Ingress");

        Assert.True(ingress.Document.HoldsTree);
        Assert.Equal("gitgateway", Assert.IsType<YamlScalar>(((YamlMapping)ingress.Root.Get("spec")!).Get("ingressClassName")).Value);
    }

    [Fact]
    public void LoadTyped_ThenRead_SameSetAndDiagnosticsAsTreesTypedAfterTheLoad()
    {
        var (treeBag, typedBag) = (new DiagnosticBag(), new DiagnosticBag());
        var withTrees = ManifestSetReader.Read(ManifestLoader.Load(Files(), treeBag), treeBag);
        var typedAtLoad = ManifestSetReader.Read(ManifestLoader.LoadTyped(Files(), typedBag, layout: null, cache: null), typedBag);

        Assert.Contains(typedBag.Items, d => d.File == "broken.yaml");
        Assert.Equal(treeBag.Items, typedBag.Items);
        Assert.Equal(treeBag.ErrorCount, typedBag.ErrorCount);
        Assert.Equal(withTrees.All.Select(o => o.Key), typedAtLoad.All.Select(o => o.Key));
        Assert.Equal(Shape(withTrees.Routes), Shape(typedAtLoad.Routes));
        Assert.Equal(withTrees.Gateways.Select(g => g.Object.Key), typedAtLoad.Gateways.Select(g => g.Object.Key));
        Assert.Equal(withTrees.Services.Select(s => s.Object.Key), typedAtLoad.Services.Select(s => s.Object.Key));
    }

    [Fact]
    public void HostnamesMark_TreeLetGo_IsWhereTheTreeHadIt()
    {
        var withTrees = ManifestLoader.Load(Files(), new DiagnosticBag());
        var typed = ManifestLoader.LoadTyped(Files(), new DiagnosticBag(), layout: null, cache: null);

        Assert.Equal(withTrees.Count, typed.Count);
        foreach (var (tree, let) in withTrees.Zip(typed))
        {
            Assert.True(tree.Document.HoldsTree);
            Assert.Equal(tree.Document.HostnamesMark(tree.File), let.Document.HostnamesMark(let.File));
        }

        Assert.Equal(6, typed.Single(o => o.Name == "hosts").Document.HostnamesMark("hosts.yaml")!.Line);
        Assert.Null(typed.Single(o => o.Name == "no-spec").Document.HostnamesMark("no-spec.yaml"));
        Assert.NotNull(typed.Single(o => o.Name == "no-hosts").Document.HostnamesMark("no-hosts.yaml")); // the spec mapping's own place
    }

    [Fact]
    public void LoadTyped_ObjectWithoutFindings_KeepsNoDiagnosticsAndSharesTheEmptyMetadata()
    {
        var labelled = "apiVersion: v1\nkind: Service\nmetadata: {name: api, namespace: ns, labels: {team: a}}\nspec:\n  ports: [{port: 80}]\n";
        var objects = ManifestLoader.LoadTyped([.. Files(), Tests.Files.Of("labelled.yaml", labelled)], new DiagnosticBag(), layout: null, cache: null);
        var (hosts, service, broken) = (Named(objects, "hosts"), objects.Single(o => o.Key == "Service/ns/web"), Named(objects, "broken"));

        Assert.Null(hosts.Document.TypedRead!.Diagnostics);
        Assert.Contains(broken.Document.TypedRead!.Diagnostics!.Items, d => d.File == "broken.yaml");
        Assert.Empty(hosts.Labels);
        Assert.Same(hosts.Labels, service.Annotations);
        Assert.Equal("a", Named(objects, "api").Labels["team"]);
    }

    [Fact]
    public void LoadTyped_RouteRead_KeepsExactListsAndThePlacesOfItsParts()
    {
        var tree = ManifestLoader.Load(Files(), new DiagnosticBag()).Single(o => o.Name == "hosts");
        var parentAt = ((YamlSequence)((YamlMapping)tree.Root.Get("spec")!).Get("parentRefs")!).Items[0].Mark;
        var route = (RouteObject)Named(ManifestLoader.LoadTyped(Files(), new DiagnosticBag(), layout: null, cache: null), "hosts").Document.TypedRead!.Value!;

        var rule = Assert.Single(Assert.IsType<RuleSpec[]>(route.Rules));
        Assert.Same(Array.Empty<FilterSpec>(), rule.Filters);
        Assert.Same(Array.Empty<FilterSpec>(), Assert.Single(rule.Backends).Filters);
        Assert.Equal(parentAt, Assert.Single(route.ParentRefs).Mark);
        var moved = route.ParentRefs[0] with { Mark = new SourceMark("other.yaml", 2, 3) };
        Assert.Equal(new SourceMark("other.yaml", 2, 3), moved.Mark);
        Assert.NotEqual(route.ParentRefs[0], moved);
        Assert.Equal(route.ParentRefs[0], moved with { Mark = parentAt });
    }

    private static ManifestObject Named(IEnumerable<ManifestObject> objects, string name) => objects.Single(o => o.Name == name);

    private static IEnumerable<string> Shape(IEnumerable<RouteObject> routes) =>
        routes.Select(r => $"{r.Object.Key} {string.Join(',', r.Hostnames)} {r.Rules.Count} {r.Problem} {r.Object.HasSchemaErrors}");

    private static List<SourceFile> Files() => [.. Repository.Select(f => Tests.Files.Of(f.Path, f.Text))];

    private static string Route(string name, string hostnames, string path) =>
        "apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\n"
        + $"metadata: {{name: {name}, namespace: ns}}\nspec:{hostnames}\n  parentRefs: [{{name: gw}}]\n"
        + $"  rules:\n  - matches: [{{path: {{type: PathPrefix, value: \"{path}\"}}}}]\n    backendRefs: [{{name: web, port: 80}}]\n";
}
