namespace GitGateway.Proxy.Routing;

/// <summary>A TCPRoute, TLSRoute or UDPRoute rule ready to serve.</summary>
internal sealed class CompiledL4Route(string id, WeightedBackends backends)
{
    public string Id { get; } = id;

    public WeightedBackends Backends { get; } = backends;
}
