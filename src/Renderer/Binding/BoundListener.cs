using GitGateway.Plan.Model;
using GitGateway.Renderer.Manifests;
using GitGateway.Renderer.Status;

namespace GitGateway.Renderer.Binding;

/// <summary>A listener after validation: whether routes may attach, what kinds, its TLS, and its conditions.</summary>
internal sealed class BoundListener
{
    internal BoundListener(GatewayObject gateway, ListenerSpec spec, ListenerSetObject? listenerSet = null)
    {
        Gateway = gateway;
        Spec = spec;
        ListenerSet = listenerSet;
    }

    /// <summary>The Gateway (for a ListenerSet's listener, the parent Gateway it is merged into).</summary>
    public GatewayObject Gateway { get; }

    /// <summary>The ListenerSet that declares the listener, or null for the Gateway's own.</summary>
    public ListenerSetObject? ListenerSet { get; }

    /// <summary>
    /// The namespace of the object that declares the listener: allowedRoutes <c>Same</c>, certificateRefs and
    /// ReferenceGrants are read from it ("ReferenceGrants applied to a Gateway are not inherited by child ListenerSets").
    /// </summary>
    public string OwnerNamespace => ListenerSet?.Namespace ?? Gateway.Namespace;

    /// <summary>The kind that declares the listener, as a ReferenceGrant's <c>from</c> names it.</summary>
    public (string Group, string Kind) OwnerKind => ListenerSet is { } set ? (set.Group, set.Object.Kind) : (KnownKinds.GatewayGroup, "Gateway");

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

    /// <summary>
    /// The route kinds its allowedRoutes selects, kept when the listener is not Accepted (and
    /// <see cref="SupportedKinds"/> is empty): a route it selects still counts in its attachedRoutes.
    /// </summary>
    public List<GroupKind> SelectedKinds { get; } = [];

    /// <summary>The conditions (Accepted, Programmed, ResolvedRefs, Conflicted).</summary>
    public List<Condition> Conditions { get; } = [];

    /// <summary>TLS settings for the plan.</summary>
    public ListenerTls? Tls { get; internal set; }

    /// <summary>How many routes attached.</summary>
    public int AttachedRoutes { get; internal set; }

    /// <summary>
    /// The plan id of this listener; a ListenerSet's listener names may repeat the Gateway's, so its id names the set.
    /// </summary>
    public string Id => ListenerSet is { } set
        ? $"gateway/{Gateway.Namespace}/{Gateway.Name}/listenerset/{set.Namespace}/{set.Name}/listener/{Spec.Name}"
        : $"gateway/{Gateway.Namespace}/{Gateway.Name}/listener/{Spec.Name}";

    /// <summary>Whether routes of <paramref name="kind"/> may attach.</summary>
    public bool Supports(string kind) => SupportedKinds.Any(k => k.Kind == kind);
}
