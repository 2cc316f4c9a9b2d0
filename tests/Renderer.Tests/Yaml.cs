namespace GitGateway.Renderer.Tests;

/// <summary>Small manifest builders for binding and rendering tests.</summary>
internal static class Yaml
{
    public const string Class = "apiVersion: gateway.networking.k8s.io/v1\nkind: GatewayClass\nmetadata: {name: gg}\nspec: {controllerName: gitgateway.dev/gateway-controller}\n";

    public static string Gateway(string listeners, string name = "gw", string ns = "infra", string extra = "") =>
        $"---\napiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata: {{name: {name}, namespace: {ns}}}\nspec:\n  gatewayClassName: gg\n{extra}  listeners:\n{listeners}";

    public static string Http(string name = "http", int port = 80, string from = "All", string? hostname = null) =>
        $"  - {{name: {name}, port: {port}, protocol: HTTP{(hostname is null ? "" : $", hostname: \"{hostname}\"")}, allowedRoutes: {{namespaces: {{from: {from}}}}}}}\n";

    public static string Service(string name, string ns = "app", int port = 8080) =>
        $"---\napiVersion: v1\nkind: Service\nmetadata: {{name: {name}, namespace: {ns}}}\nspec:\n  ports: [{{port: {port}}}]\n";

    public static string Route(string name, string spec, string ns = "app", string kind = "HTTPRoute", string version = "v1") =>
        $"---\napiVersion: gateway.networking.k8s.io/{version}\nkind: {kind}\nmetadata: {{name: {name}, namespace: {ns}}}\nspec:\n{spec}";

    public static string Parent(string gateway = "gw", string ns = "infra", string extra = "") =>
        $"  parentRefs: [{{name: {gateway}, namespace: {ns}{extra}}}]\n";
}
