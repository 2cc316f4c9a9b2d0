using System.Text;
using GitGateway.Reconciler.Review;
using GitGateway.Renderer.Rendering;

namespace GitGateway.Reconciler.Tests.Review;

/// <summary>A team's ListenerSet shows in the pull-request comment like the platform's listeners: in the plan diff, the traffic and the statuses.</summary>
public sealed class ListenerSetCommentTests
{
    private const string Gateway = """
        apiVersion: gateway.networking.k8s.io/v1
        kind: GatewayClass
        metadata: {name: gg}
        spec: {controllerName: gitgateway.dev/gateway-controller}
        ---
        apiVersion: gateway.networking.k8s.io/v1
        kind: Gateway
        metadata: {name: gw, namespace: infra}
        spec:
          gatewayClassName: gg
          allowedListeners: {namespaces: {from: ALLOWED}}
          listeners:
          - {name: http, port: 80, protocol: HTTP, hostname: www.example.com, allowedRoutes: {namespaces: {from: All}}}
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: svc, namespace: app}
        spec: {ports: [{port: 8080}]}

        """;

    private const string Set = """
        apiVersion: gateway.networking.k8s.io/v1
        kind: ListenerSet
        metadata: {name: store, namespace: app}
        spec:
          parentRef: {name: gw, namespace: infra}
          listeners:
          - {name: api, port: 80, protocol: HTTP, hostname: api.store.example.com, allowedRoutes: {namespaces: {from: Same}}}
        ---
        apiVersion: gateway.networking.k8s.io/v1
        kind: HTTPRoute
        metadata: {name: api, namespace: app}
        spec:
          parentRefs: [{kind: ListenerSet, name: store}]
          rules:
          - backendRefs: [{name: svc, port: 8080}]

        """;

    [Fact]
    public void Comment_TeamAddsListenerSet_ShowsListenerAndItsTraffic()
    {
        var before = Render(("infra.yaml", Gateway.Replace("ALLOWED", "All", StringComparison.Ordinal)));
        var after = Render(("infra.yaml", Gateway.Replace("ALLOWED", "All", StringComparison.Ordinal)), ("app.yaml", Set));

        var comment = PlanCommentRenderer.Render(PlanReviewer.Review(before, after, [], "head", "base", "main", null));

        Assert.Contains("gateway/infra/gw/listenerset/app/store/listener/api", comment, StringComparison.Ordinal);
        Assert.Contains("api.store.example.com", comment, StringComparison.Ordinal);
    }

    [Fact]
    public void Comment_ListenerSetTheGatewayDoesNotAllow_ListedUnderStatuses()
    {
        var before = Render(("infra.yaml", Gateway.Replace("ALLOWED", "None", StringComparison.Ordinal)));
        var after = Render(("infra.yaml", Gateway.Replace("ALLOWED", "None", StringComparison.Ordinal)), ("app.yaml", Set));

        var comment = PlanCommentRenderer.Render(PlanReviewer.Review(before, after, [], "head", "base", "main", null));

        Assert.Contains("ListenerSet app/store: Accepted=False NotAllowed", comment, StringComparison.Ordinal);
        Assert.DoesNotContain("listenerset/app/store", comment, StringComparison.Ordinal);
    }

    private static RenderResult Render(params (string Path, string Text)[] files) =>
        PlanRenderer.Render(new RenderInput([.. files.Select(f => new SourceFile(f.Path, Encoding.UTF8.GetBytes(f.Text)))], "main@sha1:0000000000000000000000000000000000000000"));
}
