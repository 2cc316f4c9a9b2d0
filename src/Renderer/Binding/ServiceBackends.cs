using GitGateway.Renderer.Manifests;

namespace GitGateway.Renderer.Binding;

/// <summary>
/// A Service the binding index knows (by namespace and name), its ports, and the id of a backend on each port
/// (<see cref="BackendIds.Of"/>), built the first time a backendRef resolves to that port and shared by every later
/// one: a repository's routes name the same few Services of their team again and again (40,000 backendRefs to 2,000
/// Services on the bench's repository), and each built the same id anew. One per (namespace, name), since a team's
/// catalogued Service shares its ports across the team's namespaces.
/// </summary>
internal sealed class ServiceBackends(string ns, string name, IReadOnlyList<ServicePort> ports)
{
    private readonly string?[] _ids = new string?[ports.Count];

    /// <summary>The Service's ports.</summary>
    public IReadOnlyList<ServicePort> Ports => ports;

    /// <summary>The id of a backend on <see cref="Ports"/>[<paramref name="index"/>], the same string for every backendRef to it.</summary>
    public string Id(int index) => _ids[index] ??= BackendIds.Of("Service", ns, name, ports[index].Port);
}
