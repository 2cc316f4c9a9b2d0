namespace GitGateway.Renderer.Manifests;

/// <summary>Which groups, versions and kinds the renderer reads, and which core kinds it ignores quietly.</summary>
internal static class KnownKinds
{
    /// <summary>The Gateway API group.</summary>
    public const string GatewayGroup = "gateway.networking.k8s.io";

    /// <summary>The group of the experimental kinds since Gateway API v1.6, named with an X prefix (XListenerSet, XMesh).</summary>
    public const string ExperimentalGroup = "gateway.networking.x-k8s.io";

    /// <summary>Our group.</summary>
    public const string OwnGroup = "gitgateway.dev";

    /// <summary>The NovaEdge group, accepted as an alias of ours.</summary>
    public const string NovaEdgeGroup = "novaedge.io";

    /// <summary>The Kubernetes networking group (Ingress, read by src/Renderer/Ingress).</summary>
    public const string NetworkingGroup = "networking.k8s.io";

    private static readonly Dictionary<string, string[]> GatewayKinds = new(StringComparer.Ordinal)
    {
        ["GatewayClass"] = ["v1", "v1beta1"],
        ["Gateway"] = ["v1", "v1beta1"],
        ["HTTPRoute"] = ["v1", "v1beta1"],
        ["GRPCRoute"] = ["v1", "v1alpha2"],
        ["TCPRoute"] = ["v1alpha2", "v1alpha3", "v1"],
        ["TLSRoute"] = ["v1alpha2", "v1alpha3", "v1"],
        ["UDPRoute"] = ["v1alpha2", "v1alpha3", "v1"],
        ["ReferenceGrant"] = ["v1beta1", "v1alpha2", "v1"],
        ["BackendTLSPolicy"] = ["v1", "v1alpha3"],
        ["ListenerSet"] = ["v1"],
    };

    // The experimental kinds of the vendored CRDs (third_party/gateway-api/crds/experimental/gateway.networking.x-k8s.io_*):
    // known, so a repository may carry them; XListenerSet is read like ListenerSet (Standard since v1.5), the others
    // are not served by GitGateway and are ignored.
    private static readonly HashSet<string> ExperimentalKinds = new(StringComparer.Ordinal) { "XListenerSet", "XBackendTrafficPolicy", "XMesh", "XBackend" };

    // Versions the vendored standard CRDs keep but no longer serve ("served: false", "deprecated: true"), with the
    // one to write instead: TLSRoute is v1 (Standard since Gateway API v1.5); the older ones are still read.
    private static readonly Dictionary<(string Kind, string Version), string> Deprecated = new()
    {
        [("TLSRoute", "v1alpha2")] = "v1",
        [("TLSRoute", "v1alpha3")] = "v1",
    };

    private static readonly HashSet<string> OwnKinds = new(StringComparer.Ordinal) { "ProxyVIP", "ProxyVIPPool", "ProxyPolicy", "Team", "GitGatewayConfig" };

    private static readonly HashSet<string> CoreKinds = new(StringComparer.Ordinal) { "Namespace", "Service", "Secret", "ConfigMap" };

    // Kinds the conformance manifests and ordinary app repos carry next to routes: not ours to check.
    private static readonly HashSet<string> IgnoredKinds = new(StringComparer.Ordinal)
    {
        "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Pod", "EndpointSlice", "Endpoints", "ServiceAccount",
        "Role", "RoleBinding", "ClusterRole", "ClusterRoleBinding", "PodDisruptionBudget", "HorizontalPodAutoscaler",
        "NetworkPolicy", "Job", "CronJob", "CustomResourceDefinition",
    };

    private static readonly HashSet<string> ClusterScoped = new(StringComparer.Ordinal)
    {
        "GatewayClass", "Namespace", "ProxyVIP", "ProxyVIPPool", "Team", "GitGatewayConfig",
    };

    /// <summary>Classifies a group/version/kind.</summary>
    public static KindSupport Classify(string group, string version, string kind)
    {
        if (group == GatewayGroup && GatewayKinds.TryGetValue(kind, out var versions))
        {
            return versions.Contains(version) ? KindSupport.Read : KindSupport.UnsupportedVersion;
        }

        if (group == ExperimentalGroup && ExperimentalKinds.Contains(kind))
        {
            return version is not ("v1alpha1" or "v1") ? KindSupport.UnsupportedVersion : kind == "XListenerSet" ? KindSupport.Read : KindSupport.Ignored;
        }

        if (group is OwnGroup or NovaEdgeGroup && OwnKinds.Contains(kind))
        {
            return version == "v1alpha1" ? KindSupport.Read : KindSupport.UnsupportedVersion;
        }

        if (group == NetworkingGroup && kind == "Ingress")
        {
            return version == "v1" ? KindSupport.Read : KindSupport.UnsupportedVersion;
        }

        if (group.Length == 0 && CoreKinds.Contains(kind))
        {
            return version == "v1" ? KindSupport.Read : KindSupport.UnsupportedVersion;
        }

        return IgnoredKinds.Contains(kind) ? KindSupport.Ignored : KindSupport.Unknown;
    }

    /// <summary>The version to write instead of a deprecated one that is still read, or null.</summary>
    public static string? ReplacementVersion(string group, string version, string kind) =>
        group == GatewayGroup ? Deprecated.GetValueOrDefault((kind, version)) : null;

    /// <summary>Whether the kind has no namespace.</summary>
    public static bool IsClusterScoped(string kind) => ClusterScoped.Contains(kind);

    /// <summary>Whether the kind is a route kind.</summary>
    public static bool IsRoute(string kind) => kind is "HTTPRoute" or "GRPCRoute" or "TCPRoute" or "TLSRoute" or "UDPRoute";

    /// <summary>Whether a reference names a ListenerSet: the Standard kind, or the experimental XListenerSet.</summary>
    public static bool IsListenerSet(string group, string kind) =>
        (group == GatewayGroup && kind == "ListenerSet") || (group == ExperimentalGroup && kind == "XListenerSet");
}
