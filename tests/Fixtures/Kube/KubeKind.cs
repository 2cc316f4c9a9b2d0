namespace GitGateway.Fixtures.Kube;

/// <summary>A kind the API emulator serves: where its REST paths live and what it is called.</summary>
/// <param name="Group">The API group; empty for the core group (<c>/api/v1</c>).</param>
/// <param name="Version">The API version.</param>
/// <param name="Plural">The resource name in paths.</param>
/// <param name="Kind">The kind in objects.</param>
/// <param name="HasStatus">Whether <c>status</c> is a subresource: the main resource ignores it, <c>/status</c> writes only it.</param>
public sealed record KubeKind(string Group, string Version, string Plural, string Kind, bool HasStatus)
{
    /// <summary>discovery.k8s.io/v1 EndpointSlice.</summary>
    public static KubeKind EndpointSlice { get; } = new("discovery.k8s.io", "v1", "endpointslices", "EndpointSlice", false);

    /// <summary>v1 Secret.</summary>
    public static KubeKind Secret { get; } = new("", "v1", "secrets", "Secret", false);

    /// <summary>v1 Service (what EndpointSlices belong to).</summary>
    public static KubeKind Service { get; } = new("", "v1", "services", "Service", true);

    /// <summary>v1 ConfigMap (where the control plane copies the state a new leader needs).</summary>
    public static KubeKind ConfigMap { get; } = new("", "v1", "configmaps", "ConfigMap", false);

    /// <summary>coordination.k8s.io/v1 Lease.</summary>
    public static KubeKind Lease { get; } = new("coordination.k8s.io", "v1", "leases", "Lease", false);

    /// <summary>gateway.networking.k8s.io/v1 Gateway.</summary>
    public static KubeKind Gateway { get; } = new("gateway.networking.k8s.io", "v1", "gateways", "Gateway", true);

    /// <summary>gateway.networking.k8s.io/v1 HTTPRoute.</summary>
    public static KubeKind HttpRoute { get; } = new("gateway.networking.k8s.io", "v1", "httproutes", "HTTPRoute", true);

    /// <summary>gateway.networking.k8s.io/v1 GRPCRoute.</summary>
    public static KubeKind GrpcRoute { get; } = new("gateway.networking.k8s.io", "v1", "grpcroutes", "GRPCRoute", true);

    /// <summary>gateway.networking.k8s.io/v1 TLSRoute.</summary>
    public static KubeKind TlsRoute { get; } = new("gateway.networking.k8s.io", "v1", "tlsroutes", "TLSRoute", true);

    /// <summary>gateway.networking.k8s.io/v1 TCPRoute.</summary>
    public static KubeKind TcpRoute { get; } = new("gateway.networking.k8s.io", "v1", "tcproutes", "TCPRoute", true);

    /// <summary>gateway.networking.k8s.io/v1 UDPRoute.</summary>
    public static KubeKind UdpRoute { get; } = new("gateway.networking.k8s.io", "v1", "udproutes", "UDPRoute", true);

    /// <summary>gateway.networking.k8s.io/v1 ListenerSet.</summary>
    public static KubeKind ListenerSet { get; } = new("gateway.networking.k8s.io", "v1", "listenersets", "ListenerSet", true);

    /// <summary>Every kind the emulator serves.</summary>
    public static IReadOnlyList<KubeKind> All { get; } = [EndpointSlice, Secret, Service, ConfigMap, Lease, Gateway, HttpRoute, GrpcRoute, TlsRoute, TcpRoute, UdpRoute, ListenerSet];

    /// <summary><c>apiVersion</c> as objects carry it.</summary>
    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";
}
