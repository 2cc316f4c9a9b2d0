namespace GitGateway.Renderer.Manifests;

/// <summary>A Gateway as read.</summary>
/// <param name="Object">The object.</param>
/// <param name="ClassName">spec.gatewayClassName.</param>
/// <param name="Listeners">The listeners with valid names and ports (duplicates by name dropped).</param>
/// <param name="Addresses">spec.addresses as (type, value).</param>
/// <param name="HasParametersRef">Whether spec.infrastructure.parametersRef is set (we support none).</param>
/// <param name="DefaultValidation">spec.tls.frontend.default.validation, or null.</param>
/// <param name="PerPortValidation">spec.tls.frontend.perPort validation by port.</param>
/// <param name="AllowedListeners">spec.allowedListeners.namespaces: from (All, Same, Selector, None; default None) and the selector.</param>
internal sealed record GatewayObject(
    ManifestObject Object,
    string ClassName,
    IReadOnlyList<ListenerSpec> Listeners,
    IReadOnlyList<(string Type, string Value)> Addresses,
    bool HasParametersRef,
    FrontendValidation? DefaultValidation,
    IReadOnlyDictionary<int, FrontendValidation> PerPortValidation,
    (string From, LabelSelector? Selector) AllowedListeners)
{
    /// <summary>spec.tls.backend.clientCertificateRef: the certificate the Gateway presents to TLS backends, or null.</summary>
    public RefSpec? BackendClientCertificate { get; init; }

    /// <summary>The namespace.</summary>
    public string Namespace => Object.Namespace!;

    /// <summary>The name.</summary>
    public string Name => Object.Name;
}
