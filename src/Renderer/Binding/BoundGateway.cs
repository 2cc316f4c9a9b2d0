using GitGateway.Renderer.Manifests;
using GitGateway.Renderer.Status;

namespace GitGateway.Renderer.Binding;

/// <summary>A Gateway of our controller after validation.</summary>
internal sealed class BoundGateway
{
    internal BoundGateway(GatewayObject gateway, IReadOnlyList<BoundListener> listeners)
    {
        Gateway = gateway;
        Listeners = listeners;
    }

    /// <summary>The Gateway as read.</summary>
    public GatewayObject Gateway { get; }

    /// <summary>The listeners in declaration order.</summary>
    public IReadOnlyList<BoundListener> Listeners { get; }

    /// <summary>The Gateway's conditions.</summary>
    public List<Condition> Conditions { get; } = [];

    /// <summary>Status addresses.</summary>
    public List<GatewayAddress> Addresses { get; } = [];

    /// <summary>Whether the Gateway is Accepted (its valid listeners serve).</summary>
    public bool Accepted { get; internal set; }

    /// <summary>The resolved spec.tls.backend.clientCertificateRef, presented to backends under a BackendTLSPolicy; or null.</summary>
    public Plan.Model.CertificateRef? BackendClientCertificate { get; internal set; }

    /// <summary>
    /// status.attachedListenerSets: "the total number of ListenerSets that have been successfully attached to this
    /// Gateway" (selected by allowedListeners, a valid parentRef, and Accepted: True).
    /// </summary>
    public int AttachedListenerSets { get; internal set; }

    /// <summary>The ProxyVIP it uses, or null.</summary>
    public VipObject? Vip { get; internal set; }
}
