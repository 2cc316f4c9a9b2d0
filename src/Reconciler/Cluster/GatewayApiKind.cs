namespace GitGateway.Reconciler.Cluster;

/// <summary>
/// A Gateway API kind the control plane writes into a cluster, at the version the vendored standard CRDs serve and
/// store (third_party/gateway-api/crds/standard): v1 for all of them since Gateway API v1.5. An object read from Git
/// at an older version (TLSRoute v1alpha2, …) is written at this one; the fields it uses are the same.
/// </summary>
internal sealed record GatewayApiKind(string Kind, string Plural)
{
    public const string Group = "gateway.networking.k8s.io";

    public const string Version = "v1";

    public static GatewayApiKind Gateway { get; } = new("Gateway", "gateways");

    public static IReadOnlyList<GatewayApiKind> All { get; } =
    [
        Gateway,
        new("HTTPRoute", "httproutes"),
        new("GRPCRoute", "grpcroutes"),
        new("TLSRoute", "tlsroutes"),
        new("TCPRoute", "tcproutes"),
        new("UDPRoute", "udproutes"),
        new("ListenerSet", "listenersets"),
    ];

    public static string ApiVersion => $"{Group}/{Version}";

    public static GatewayApiKind? Find(string kind) => All.FirstOrDefault(k => k.Kind == kind);
}
