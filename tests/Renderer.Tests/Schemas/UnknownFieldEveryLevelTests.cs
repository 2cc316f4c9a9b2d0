using GitGateway.Renderer.Diagnostics;
using GitGateway.Renderer.Rendering;

namespace GitGateway.Renderer.Tests.Schemas;

/// <summary>
/// Every mapping of every kind we read is closed: a key inserted at any level of a valid document gives exactly one
/// UnknownField at that key's line, whatever other passes (ownership, binding) find.
/// </summary>
public sealed class UnknownFieldEveryLevelTests
{
    private const string Bogus = "bogusField: 1";

    public static TheoryData<string, string> Documents() => new()
    {
        { "HTTPRoute", "apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata:\n  name: r\n  namespace: app\nspec:\n  parentRefs:\n  - name: gw\n    namespace: infra\n  hostnames: [store.example.com]\n  rules:\n  - matches:\n    - path:\n        type: PathPrefix\n        value: /a\n      headers:\n      - name: x\n        value: y\n    filters:\n    - type: RequestHeaderModifier\n      requestHeaderModifier:\n        set:\n        - name: a\n          value: b\n    backendRefs:\n    - name: svc\n      port: 8080\n    timeouts:\n      request: 10s\n" },
        { "GRPCRoute", "apiVersion: gateway.networking.k8s.io/v1\nkind: GRPCRoute\nmetadata:\n  name: g\n  namespace: app\nspec:\n  parentRefs:\n  - name: gw\n    namespace: infra\n  rules:\n  - matches:\n    - method:\n        service: a.B\n        method: C\n    backendRefs:\n    - name: svc\n      port: 8080\n" },
        { "TCPRoute", "apiVersion: gateway.networking.k8s.io/v1alpha2\nkind: TCPRoute\nmetadata:\n  name: t\n  namespace: app\nspec:\n  parentRefs:\n  - name: gw\n    namespace: infra\n  rules:\n  - backendRefs:\n    - name: svc\n      port: 8080\n" },
        { "Gateway", "apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata:\n  name: gw\n  namespace: infra\nspec:\n  gatewayClassName: gitgateway\n  listeners:\n  - name: http\n    port: 80\n    protocol: HTTP\n    allowedRoutes:\n      namespaces:\n        from: All\n" },
        { "GatewayClass", "apiVersion: gateway.networking.k8s.io/v1\nkind: GatewayClass\nmetadata:\n  name: gitgateway\nspec:\n  controllerName: gitgateway.dev/controller\n" },
        { "ReferenceGrant", "apiVersion: gateway.networking.k8s.io/v1beta1\nkind: ReferenceGrant\nmetadata:\n  name: g\n  namespace: app\nspec:\n  from:\n  - group: gateway.networking.k8s.io\n    kind: HTTPRoute\n    namespace: other\n  to:\n  - group: \"\"\n    kind: Service\n" },
        { "BackendTLSPolicy", "apiVersion: gateway.networking.k8s.io/v1\nkind: BackendTLSPolicy\nmetadata:\n  name: b\n  namespace: app\nspec:\n  targetRefs:\n  - group: \"\"\n    kind: Service\n    name: svc\n  validation:\n    hostname: svc.example.com\n    wellKnownCACertificates: System\n" },
        { "ListenerSet", "apiVersion: gateway.networking.k8s.io/v1\nkind: ListenerSet\nmetadata:\n  name: ls\n  namespace: app\nspec:\n  parentRef:\n    name: gw\n    namespace: infra\n  listeners:\n  - name: http\n    port: 80\n    protocol: HTTP\n    hostname: x.example.com\n" },
        { "XListenerSet", "apiVersion: gateway.networking.x-k8s.io/v1alpha1\nkind: XListenerSet\nmetadata:\n  name: ls\n  namespace: app\nspec:\n  parentRef:\n    name: gw\n    namespace: infra\n  listeners:\n  - name: http\n    port: 80\n    protocol: HTTP\n    hostname: x.example.com\n" },
        { "ProxyVIP", "apiVersion: gitgateway.dev/v1alpha1\nkind: ProxyVIP\nmetadata:\n  name: v\nspec:\n  address: 192.0.2.10/32\n  mode: BGP\n  ports: [80]\n" },
        { "ProxyPolicy", "apiVersion: gitgateway.dev/v1alpha1\nkind: ProxyPolicy\nmetadata:\n  name: p\n  namespace: app\nspec:\n  type: Timeout\n  targetRef:\n    kind: HTTPRoute\n    name: r\n  timeout:\n    request: 15s\n" },
        { "Team", "apiVersion: gitgateway.dev/v1alpha1\nkind: Team\nmetadata:\n  name: store\nspec:\n  owners: [\"@acme/store\"]\n  namespaces: [app]\n  hostnames: [store.example.com]\n  services:\n  - name: svc\n    ports: [8080]\n" },
        { "GitGatewayConfig", "apiVersion: gitgateway.dev/v1alpha1\nkind: GitGatewayConfig\nmetadata:\n  name: config\nspec: {}\n" },
        { "Service", "apiVersion: v1\nkind: Service\nmetadata:\n  name: svc\n  namespace: app\nspec:\n  ports:\n  - port: 8080\n" },
    };

    [Theory]
    [MemberData(nameof(Documents))]
    public void Render_UnknownKeyAtAnyMappingLevel_OneUnknownFieldAtItsLine(string kind, string document)
    {
        Assert.DoesNotContain(Files.Render(("d.yaml", document)).Diagnostics, d => d.Code == DiagnosticCodes.UnknownField);
        var lines = document.TrimEnd('\n').Split('\n');
        var checkedLevels = 0;
        for (var i = 0; i < lines.Length; i++)
        {
            if (Insert(lines, i) is not { } mutated)
            {
                continue;
            }

            checkedLevels++;
            var result = Files.Render(("d.yaml", mutated));
            var unknown = result.Diagnostics.Where(d => d.Code == DiagnosticCodes.UnknownField).ToList();
            Assert.True(unknown.Count == 1 && unknown[0].Line == i + 1,
                $"{kind}: a key before line {i + 1} gave [{string.Join("; ", result.Diagnostics)}] in\n{mutated}");
        }

        Assert.True(checkedLevels >= 3, kind);
    }

    [Fact]
    public void Render_HostnameSingularOnATeamRoute_UnknownFieldNotOnlyHostnameNotOwned()
    {
        var route = "apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {name: r, namespace: app}\nspec:\n  hostname: [store.example.com]\n  parentRefs: [{name: gw, namespace: infra}]\n  rules:\n  - backendRefs: [{name: svc, port: 8080}]\n";
        var result = Files.Render(
            ("gitgateway.yaml", "apiVersion: gitgateway.dev/v1alpha1\nkind: GitGatewayConfig\nmetadata: {name: config}\nspec: {}\n"),
            ("platform/team.yaml", "apiVersion: gitgateway.dev/v1alpha1\nkind: Team\nmetadata: {name: platform}\nspec:\n  role: platform\n  owners: [\"@acme/platform\"]\n  namespaces: [infra]\n"),
            ("platform/gateway.yaml", Yaml.Class + Yaml.Gateway(Yaml.Http())),
            ("teams/store/team.yaml", "apiVersion: gitgateway.dev/v1alpha1\nkind: Team\nmetadata: {name: store}\nspec:\n  owners: [\"@acme/store\"]\n  namespaces: [app]\n  hostnames: [store.example.com]\n  services: [{name: svc, ports: [8080]}]\n"),
            ("teams/store/routes/r.yaml", route));

        var d = Assert.Single(result.Diagnostics, x => x.Code == DiagnosticCodes.UnknownField);
        Assert.Equal(("teams/store/routes/r.yaml", 5), (d.File, d.Line));
    }

    // A key line at column c gets a new key at column c just before it; "- key: ..." gets one as the item's first key.
    private static string? Insert(string[] lines, int i)
    {
        var line = lines[i];
        var text = line.TrimStart();
        var column = line.Length - text.Length;
        if (text.StartsWith("- ", StringComparison.Ordinal) && text.Contains(':', StringComparison.Ordinal) && !text.StartsWith("- {", StringComparison.Ordinal))
        {
            var key = new string(' ', column + 2);
            return Join(lines[..i], $"{new string(' ', column)}- {Bogus}", key + text[2..], lines[(i + 1)..]);
        }

        if (text.Length == 0 || text.StartsWith('-') || !text.Contains(':', StringComparison.Ordinal) || column == 0 && i < 2)
        {
            return null;
        }

        return Join(lines[..i], new string(' ', column) + Bogus, line, lines[(i + 1)..]);
    }

    private static string Join(string[] before, string first, string second, string[] after) =>
        string.Join('\n', [.. before, first, second, .. after]) + "\n";
}
