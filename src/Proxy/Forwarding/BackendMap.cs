using System.Text.Json;
using System.Text.Json.Serialization;
using GitGateway.Proxy.Upstream;

namespace GitGateway.Proxy.Forwarding;

/// <summary>
/// Service endpoints from <c>backends.json</c> (<c>{"ns/name:port": ["host:port", ...]}</c>); a Service not
/// listed takes its endpoints from <paramref name="discovery"/> (EndpointSlices) when the node has one, and resolves
/// to its cluster DNS name, <c>name.namespace.svc.cluster.local:port</c>, otherwise and while discovery knows none.
/// Endpoint sets are shared so that plan revisions keep the same balancing state.
/// </summary>
internal sealed partial class BackendMap(IReadOnlyDictionary<string, string[]> endpoints, IEndpointDiscovery? discovery = null, LoadBalancing balancing = LoadBalancing.RoundRobin)
{
    private readonly Dictionary<string, string[]> _endpoints = new(endpoints, StringComparer.Ordinal);
    private readonly Dictionary<string, BackendEndpoints> _cache = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public static BackendMap Empty { get; } = new(new Dictionary<string, string[]>());

    public static BackendMap Load(string path, IEndpointDiscovery? discovery = null, LoadBalancing balancing = LoadBalancing.RoundRobin)
    {
        var map = JsonSerializer.Deserialize(File.ReadAllBytes(path), BackendsJson.Default.DictionaryStringStringArray)
            ?? throw new JsonException($"{path}: expected an object");
        return new BackendMap(map, discovery, balancing);
    }

    public BackendEndpoints Resolve(string ns, string name, int port)
    {
        var key = $"{ns}/{name}:{port}";
        lock (_lock)
        {
            if (!_cache.TryGetValue(key, out var endpoints))
            {
                var isListed = _endpoints.TryGetValue(key, out var listed) && listed!.Length > 0;
                string[] list = isListed ? listed! : [$"{name}.{ns}.svc.cluster.local:{port}"];
                endpoints = new BackendEndpoints(list, balancing);
                _cache.Add(key, endpoints);
                if (!isListed)
                {
                    discovery?.Track(ns, name, port, endpoints, list);
                }
            }

            return endpoints;
        }
    }

    /// <summary><c>backends.json</c>'s shape, read without reflection (System.Text.Json's default options, as before).</summary>
    [JsonSerializable(typeof(Dictionary<string, string[]>))]
    private sealed partial class BackendsJson : JsonSerializerContext;
}
