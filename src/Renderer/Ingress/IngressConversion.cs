namespace GitGateway.Renderer.Ingress;

/// <summary>What converting a set of Ingresses made: objects, routing tests, listener requests and notes.</summary>
internal sealed class IngressConversion
{
    public List<IngressDocument> Documents { get; } = [];

    public List<(IngressSource From, IngressTestCase Test)> Tests { get; } = [];

    public List<IngressListenerRequest> ListenerRequests { get; } = [];

    public IngressNotes Notes { get; } = new();
}
