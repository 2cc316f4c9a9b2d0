using GitGateway.Renderer.Manifests;
using GitGateway.Renderer.Status;

namespace GitGateway.Renderer.Binding;

/// <summary>A ListenerSet whose parent is a Gateway of ours, after binding: whether it attached, and its listeners.</summary>
internal sealed class BoundListenerSet
{
    internal BoundListenerSet(ListenerSetObject set, BoundGateway gateway)
    {
        Set = set;
        Gateway = gateway;
    }

    /// <summary>The ListenerSet as read.</summary>
    public ListenerSetObject Set { get; }

    /// <summary>The parent Gateway.</summary>
    public BoundGateway Gateway { get; }

    /// <summary>The listeners in declaration order; empty when the Gateway does not allow the set.</summary>
    public List<BoundListener> Listeners { get; } = [];

    /// <summary>The ListenerSet's conditions (Accepted, Programmed).</summary>
    public List<Condition> Conditions { get; } = [];

    /// <summary>Whether the set is attached to its Gateway and Accepted (its programmed listeners serve).</summary>
    public bool Accepted { get; internal set; }
}
