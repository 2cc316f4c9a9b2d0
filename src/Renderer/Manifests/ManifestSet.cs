namespace GitGateway.Renderer.Manifests;

/// <summary>Every object of one input, typed and in input order (sorted by file, then position).</summary>
internal sealed class ManifestSet
{
    /// <summary>GatewayClasses.</summary>
    public List<GatewayClassObject> GatewayClasses { get; } = [];

    /// <summary>Gateways.</summary>
    public List<GatewayObject> Gateways { get; } = [];

    /// <summary>ListenerSets (and XListenerSets).</summary>
    public List<ListenerSetObject> ListenerSets { get; } = [];

    /// <summary>Routes of every kind.</summary>
    public List<RouteObject> Routes { get; } = [];

    /// <summary>ReferenceGrants.</summary>
    public List<ReferenceGrantObject> Grants { get; } = [];

    /// <summary>Services.</summary>
    public List<ServiceObject> Services { get; } = [];

    /// <summary>Secrets and ConfigMaps.</summary>
    public List<TlsMaterialObject> TlsMaterial { get; } = [];

    /// <summary>Namespace objects.</summary>
    public List<ManifestObject> Namespaces { get; } = [];

    /// <summary>ProxyVIPs.</summary>
    public List<VipObject> Vips { get; } = [];

    /// <summary>ProxyVIPPools.</summary>
    public List<VipPoolObject> VipPools { get; } = [];

    /// <summary>ProxyPolicies.</summary>
    public List<PolicyObject> Policies { get; } = [];

    /// <summary>BackendTLSPolicies.</summary>
    public List<BackendTlsPolicyObject> BackendTlsPolicies { get; } = [];

    /// <summary>Teams (declared anywhere in flat mode, or from the layout).</summary>
    public List<Team> Teams { get; } = [];

    /// <summary>Every object as loaded.</summary>
    public List<ManifestObject> All { get; } = [];
}
