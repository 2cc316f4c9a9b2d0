using GitGateway.Renderer.Diagnostics;
using GitGateway.Renderer.Rendering;
using GitGateway.Renderer.Status;

namespace GitGateway.Renderer.Tests.Binding;

/// <summary>
/// ListenerSets as the Gateway API words them (the vendored CRD third_party/gateway-api/crds/standard/
/// gateway.networking.k8s.io_listenersets.yaml and the Gateway's spec.allowedListeners); each test quotes its sentence.
/// </summary>
public sealed class ListenerSetTests
{
    private const string Backend = "    backendRefs: [{name: svc, port: 8080}]\n";

    // ListenerSet: "The parent Gateway must explicitly allow ListenerSet attachment through its AllowedListeners
    // configuration. By default, Gateways do not allow ListenerSet attachment."
    [Fact]
    public void Render_GatewayWithoutAllowedListeners_SetNotAllowedAndNotServed()
    {
        var result = Render(Yaml.Gateway(Yaml.Http()), Set("ls", "infra", Yaml.Http("extra", hostname: "ls.example.com")));
        var set = SetStatus(result, "ls");
        Assert.Contains(set.Conditions, c => c is { Type: "Accepted", Status: "False", Reason: "NotAllowed" });
        Assert.Contains(set.Conditions, c => c is { Type: "Programmed", Status: "False", Reason: "NotAllowed" });
        Assert.Null(result.Status.Gateways.Single().AttachedListenerSets);
        Assert.DoesNotContain(result.Plan.Listeners, l => l.Name == "extra");
        var d = Assert.Single(result.Diagnostics, d => d.Code == "NotAllowed");
        Assert.Equal(("ls.yaml", 2), (d.File, d.Line));
    }

    // allowedListeners.namespaces.from: "Same: Only ListenerSets in the same namespace may be attached to this Gateway.
    // Selector: ListenerSets in namespaces selected by the selector may be attached to this Gateway. All: ListenerSets
    // in all namespaces may be attached to this Gateway. None: Only listeners defined in the Gateway's spec are allowed"
    [Theory]
    [InlineData("{from: Same}", "infra", true)]
    [InlineData("{from: Same}", "team", false)]
    [InlineData("{from: All}", "team", true)]
    [InlineData("{from: None}", "infra", false)]
    [InlineData("{from: Selector, selector: {matchLabels: {shared: gw}}}", "team", true)]
    [InlineData("{from: Selector, selector: {matchLabels: {shared: gw}}}", "other", false)]
    public void Render_AllowedListenersFrom_DecidesWhichNamespacesAttach(string from, string ns, bool attached)
    {
        var labels = "---\napiVersion: v1\nkind: Namespace\nmetadata: {name: team, labels: {shared: gw}}\n";
        var result = Render(Allowing(from) + labels, Set("ls", ns, Yaml.Http("extra", hostname: "ls.example.com")));
        Assert.Equal(attached, SetStatus(result, "ls", ns).Conditions.Any(c => c is { Type: "Accepted", Status: "True" }));
        Assert.Equal(attached ? 1 : 0, result.Status.Gateways.Single().AttachedListenerSets ?? 0);
        Assert.Equal(attached, result.Plan.Listeners.Any(l => l.Name == "extra"));
    }

    // "Listeners in a `Gateway` and their attached `ListenerSets` are concatenated as a list when programming the
    // underlying infrastructure." The set's listener serves under its parent Gateway; its id names the set, since
    // "Name is not required to be unique across a Gateway and ListenerSets".
    [Fact]
    public void Render_AttachedSet_ListenerInPlanUnderParentGateway()
    {
        var result = Render(Allowing("{from: All}"), Set("ls", "team", Yaml.Http("http", hostname: "ls.example.com")));
        var listener = Assert.Single(result.Plan.Listeners, l => l.Hostname == "ls.example.com");
        Assert.Equal("gateway/infra/gw/listenerset/team/ls/listener/http", listener.Id);
        Assert.Equal(("infra", "gw"), (listener.Gateway.Namespace, listener.Gateway.Name));
        Assert.Equal(("ls.yaml", 8), (listener.Source.File, listener.Source.Line));
        Assert.Equal(1, result.Status.Gateways.Single().AttachedListenerSets);
        Assert.Equal(2, result.Plan.Listeners.Count);
    }

    // ListenerSet: "Routes can attach to a ListenerSet by specifying it as a parentRef, and can optionally target
    // specific listeners using the sectionName field." A parentRef to the Gateway selects the Gateway's own listeners.
    [Fact]
    public void Render_RouteParents_GatewayRefSkipsSetListenersAndSetRefUsesOnlySet()
    {
        var result = Render(
            Allowing("{from: All}"),
            Set("ls", "app", Yaml.Http("a", hostname: "a.example.com") + Yaml.Http("b", hostname: "b.example.com")),
            Yaml.Route("to-gw", Yaml.Parent() + "  rules:\n  - matches: [{path: {type: PathPrefix, value: /gw}}]\n" + Backend),
            Yaml.Route("to-set", SetParent("ls", "app") + "  rules:\n  - matches: [{path: {type: PathPrefix, value: /set}}]\n" + Backend),
            Yaml.Route("to-a", SetParent("ls", "app", ", sectionName: a") + "  rules:\n  - matches: [{path: {type: PathPrefix, value: /a}}]\n" + Backend));
        Assert.Equal(["/gw"], Paths(result, "gateway/infra/gw/listener/http"));
        Assert.Equal(["/a", "/set"], Paths(result, "gateway/infra/gw/listenerset/app/ls/listener/a"));
        Assert.Equal(["/set"], Paths(result, "gateway/infra/gw/listenerset/app/ls/listener/b"));
        var set = SetStatus(result, "ls", "app");
        Assert.Equal([2, 1], set.Listeners.Select(l => l.AttachedRoutes));
        var toSet = result.Status.Routes.Single(r => r.Name == "to-set").Parents.Single();
        Assert.Equal("ListenerSet", toSet.ParentRef.Kind);
        Assert.Contains(toSet.Conditions, c => c is { Type: "Accepted", Status: "True" });
    }

    // "Implementations MUST treat the parent Gateway as having the merged list of all listeners from itself and
    // attached ListenerSets using the following precedence: 1. "parent" Gateway 2. ListenerSet ordered by creation
    // time (oldest first) 3. ListenerSet ordered alphabetically by "{namespace}/{name}"." and "If a listener has a
    // conflict, this will be reported in the Status.ListenerEntryStatus setting the `Conflicted` condition to True."
    // Git keeps no creation time, so {namespace}/{name} decides among sets.
    [Fact]
    public void Render_HostnameConflicts_GatewayThenSetsByNameWin()
    {
        var result = Render(
            Allowing("{from: All}", Yaml.Http("own", hostname: "gw.example.com")),
            Set("b-later", "app", Yaml.Http("dup", hostname: "ls.example.com") + Yaml.Http("ok", hostname: "b.example.com")),
            Set("a-first", "app", Yaml.Http("dup-of-gw", hostname: "gw.example.com") + Yaml.Http("dup", hostname: "ls.example.com")));
        var gw = result.Status.Gateways.Single();
        Assert.All(gw.Listeners, l => Assert.Contains(l.Conditions, c => c is { Type: "Conflicted", Status: "False" }));
        var first = SetStatus(result, "a-first", "app");
        Assert.Contains(Listener(first, "dup-of-gw").Conditions, c => c is { Type: "Conflicted", Status: "True", Reason: "HostnameConflict" });
        Assert.Contains(Listener(first, "dup-of-gw").Conditions, c => c is { Type: "Accepted", Status: "False", Reason: "HostnameConflict" });
        Assert.Contains(Listener(first, "dup").Conditions, c => c is { Type: "Programmed", Status: "True" });
        var later = SetStatus(result, "b-later", "app");
        Assert.Contains(Listener(later, "dup").Conditions, c => c is { Type: "Conflicted", Status: "True", Reason: "HostnameConflict" });
        Assert.Contains(Listener(later, "ok").Conditions, c => c is { Type: "Programmed", Status: "True" });
        Assert.All([first, later], s => Assert.Contains(s.Conditions, c => c is { Type: "Accepted", Status: "True" }));
        Assert.Equal(2, gw.AttachedListenerSets);
        Assert.Equal(3, result.Plan.Listeners.Count);
    }

    // "ListenerSet ordered by creation time (oldest first)": with ages from Git history the older set keeps the hostname.
    [Fact]
    public void Render_HostnameConflictWithAges_OlderSetWinsThoughItsNameSortsLast()
    {
        var text = Yaml.Class + Allowing("{from: All}") + Yaml.Service("svc")
            + Set("b-older", "app", Yaml.Http("dup", hostname: "ls.example.com")) + Set("a-newer", "app", Yaml.Http("dup", hostname: "ls.example.com"));
        var ages = new ObjectAges(new Dictionary<string, long> { ["ListenerSet/app/b-older"] = 1, ["ListenerSet/app/a-newer"] = 2 }, "test history");
        var result = PlanRenderer.Render(new RenderInput([Files.Of("a.yaml", text)], "test") { Ages = ages });
        Assert.Contains(Listener(SetStatus(result, "b-older", "app"), "dup").Conditions, c => c is { Type: "Programmed", Status: "True" });
        Assert.Contains(Listener(SetStatus(result, "a-newer", "app"), "dup").Conditions, c => c is { Type: "Conflicted", Status: "True", Reason: "HostnameConflict" });
    }

    // ListenerConditionReason ProtocolConflict on a set's listener that shares a port with an earlier listener of
    // another protocol; the earlier listener keeps serving.
    [Fact]
    public void Render_SetTcpListenerOnGatewayHttpPort_ProtocolConflictOnSetListenerOnly()
    {
        var result = Render(Allowing("{from: All}"), Set("ls", "app", "  - {name: tcp, port: 80, protocol: TCP}\n"));
        var set = SetStatus(result, "ls", "app");
        Assert.Contains(Listener(set, "tcp").Conditions, c => c is { Type: "Conflicted", Status: "True", Reason: "ProtocolConflict" });
        Assert.Contains(Listener(set, "tcp").Conditions, c => c is { Type: "Programmed", Status: "False", Reason: "ProtocolConflict" });
        Assert.Contains(result.Status.Gateways.Single().Listeners.Single().Conditions, c => c is { Type: "Programmed", Status: "True" });
    }

    // The set's own Accepted: False with ListenersNotValid when none of its listeners can serve, and the Gateway does
    // not count it ("A ListenerSet is successfully attached to a Gateway when ... The ListenerSet's status has the
    // condition "Accepted: true"").
    [Fact]
    public void Render_EverySetListenerConflicted_SetListenersNotValidAndNotCounted()
    {
        var result = Render(Allowing("{from: All}", Yaml.Http("own", hostname: "gw.example.com")), Set("ls", "app", Yaml.Http("dup", hostname: "gw.example.com")));
        var set = SetStatus(result, "ls", "app");
        Assert.Contains(set.Conditions, c => c is { Type: "Accepted", Status: "False", Reason: "ListenersNotValid" });
        Assert.Contains(set.Conditions, c => c is { Type: "Programmed", Status: "False", Reason: "ListenersNotValid" });
        Assert.Equal(0, result.Status.Gateways.Single().AttachedListenerSets);
        Assert.Single(result.Plan.Listeners);
        Assert.Contains(result.Diagnostics, d => d is { Code: "HostnameConflict", File: "ls.yaml" });
    }

    // allowedRoutes.namespaces.from Same on a ListenerSet's listener means the ListenerSet's namespace.
    [Fact]
    public void Render_SetListenerAllowsSame_RoutesFromSetNamespaceOnly()
    {
        var result = Render(
            Allowing("{from: All}"),
            Set("ls", "app", Yaml.Http("same", from: "Same", hostname: "ls.example.com")),
            Yaml.Route("in-app", SetParent("ls", "app") + "  rules:\n  -\n" + Backend),
            Yaml.Route("in-infra", SetParent("ls", "app") + "  rules:\n  -\n" + Backend.Replace("svc", "svc2", StringComparison.Ordinal), ns: "infra") + Yaml.Service("svc2", "infra"));
        Assert.Contains(result.Status.Routes.Single(r => r.Name == "in-app").Parents.Single().Conditions, c => c is { Type: "Accepted", Status: "True" });
        Assert.Contains(result.Status.Routes.Single(r => r.Name == "in-infra").Parents.Single().Conditions, c => c is { Type: "Accepted", Status: "False", Reason: "NotAllowedByListeners" });
    }

    // ListenerSet: "ReferenceGrants applied to a Gateway are not inherited by child ListenerSets" and "A ListenerSet can
    // reference secrets/backends in its own namespace without a ReferenceGrant".
    [Theory]
    [InlineData("Gateway", "False")]
    [InlineData("ListenerSet", "True")]
    public void Render_SetCertificateInOtherNamespace_NeedsGrantFromListenerSet(string grantedKind, string resolved)
    {
        var grant = $"---\napiVersion: gateway.networking.k8s.io/v1beta1\nkind: ReferenceGrant\nmetadata: {{name: g, namespace: certs}}\nspec:\n  from: [{{group: gateway.networking.k8s.io, kind: {grantedKind}, namespace: app}}]\n  to: [{{group: \"\", kind: Secret}}]\n";
        var team = "---\napiVersion: gitgateway.dev/v1alpha1\nkind: Team\nmetadata: {name: t}\nspec:\n  certificates: [{namespace: certs, name: cert}]\n";
        var https = "  - {name: https, port: 443, protocol: HTTPS, hostname: ls.example.com, tls: {certificateRefs: [{name: cert, namespace: certs}]}}\n";
        var result = Render(Allowing("{from: All}") + grant + team, Set("ls", "app", https));
        Assert.Contains(Listener(SetStatus(result, "ls", "app"), "https").Conditions, c => c.Type == "ResolvedRefs" && c.Status == resolved);
    }

    // The experimental channel's XListenerSet (gateway.networking.x-k8s.io) reads like the Standard kind.
    [Fact]
    public void Render_XListenerSet_AttachesLikeListenerSet()
    {
        var set = Set("xls", "app", Yaml.Http("x", hostname: "x.example.com")).Replace("gateway.networking.k8s.io/v1\nkind: ListenerSet", "gateway.networking.x-k8s.io/v1alpha1\nkind: XListenerSet", StringComparison.Ordinal);
        var route = Yaml.Route("r", "  parentRefs: [{group: gateway.networking.x-k8s.io, kind: XListenerSet, name: xls}]\n  rules:\n  -\n" + Backend);
        var result = Render(Allowing("{from: All}"), set, route);
        Assert.Equal("XListenerSet", SetStatus(result, "xls", "app").Kind);
        Assert.Contains(result.Status.Routes.Single().Parents.Single().Conditions, c => c is { Type: "Accepted", Status: "True" });
        Assert.DoesNotContain(result.Diagnostics, d => d.Severity == DiagnosticSeverity.Error);
    }

    private static string Allowing(string from, string? listeners = null) =>
        Yaml.Gateway(listeners ?? Yaml.Http(hostname: "gw.example.com"), extra: $"  allowedListeners: {{namespaces: {from}}}\n");

    private static string Set(string name, string ns, string listeners) =>
        $"---\napiVersion: gateway.networking.k8s.io/v1\nkind: ListenerSet\nmetadata: {{name: {name}, namespace: {ns}}}\nspec:\n  parentRef: {{name: gw, namespace: infra}}\n  listeners:\n{listeners}";

    private static string SetParent(string name, string ns, string extra = "") =>
        $"  parentRefs: [{{group: gateway.networking.k8s.io, kind: ListenerSet, name: {name}, namespace: {ns}{extra}}}]\n";

    private static RenderResult Render(string gateway, params string[] more)
    {
        var files = new List<(string, string)> { ("gw.yaml", Yaml.Class + gateway + Yaml.Service("svc")) };
        files.AddRange(more.Select((m, i) => (i == 0 ? "ls.yaml" : $"more{i}.yaml", m)));
        return Files.Render([.. files]);
    }

    private static ListenerSetStatus SetStatus(RenderResult r, string name, string ns = "infra") => r.Status.ListenerSets.Single(s => s.Name == name && s.Namespace == ns);

    private static ListenerStatus Listener(ListenerSetStatus s, string name) => s.Listeners.Single(l => l.Name == name);

    private static List<string> Paths(RenderResult r, string listenerId) =>
        [.. r.Plan.Listeners.Single(l => l.Id == listenerId).VirtualHosts.SelectMany(v => v.Routes).Select(e => e.Match.Path.Value).Order(StringComparer.Ordinal)];
}
