using GitGateway.Plan.Model;
using GitGateway.Renderer.Manifests;
using GitGateway.Renderer.Status;

namespace GitGateway.Renderer.Binding;

/// <summary>A listener after validation: whether routes may attach, what kinds, its TLS, and its conditions.</summary>
internal sealed class BoundListener
{
    internal BoundListener(GatewayObject gateway, ListenerSpec spec)
    {
        Gateway = gateway;
        Spec = spec;
    }

    /// <summary>The Gateway.</summary>
    public GatewayObject Gateway { get; }

    /// <summary>The listener as read.</summary>
    public ListenerSpec Spec { get; }

    /// <summary>The protocol, when it is one we serve.</summary>
    public ListenerProtocol? Protocol { get; internal set; }

    /// <summary>Whether the listener is Accepted (routes may attach).</summary>
    public bool Accepted { get; internal set; }

    /// <summary>Whether the listener is served (Accepted and its references resolve).</summary>
    public bool Programmed { get; internal set; }

    /// <summary>The route kinds that may attach.</summary>
    public List<GroupKind> SupportedKinds { get; } = [];

    /// <summary>The conditions (Accepted, Programmed, ResolvedRefs, Conflicted).</summary>
    public List<Condition> Conditions { get; } = [];

    /// <summary>TLS settings for the plan.</summary>
    public ListenerTls? Tls { get; internal set; }

    /// <summary>How many routes attached.</summary>
    public int AttachedRoutes { get; internal set; }

    /// <summary>The plan id of this listener.</summary>
    public string Id => $"gateway/{Gateway.Namespace}/{Gateway.Name}/listener/{Spec.Name}";

    /// <summary>Whether routes of <paramref name="kind"/> may attach.</summary>
    public bool Supports(string kind) => SupportedKinds.Any(k => k.Kind == kind);
}
