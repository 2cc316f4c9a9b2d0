using System.Text.Json;

namespace GitGateway.Proxy.Forwarding;

/// <summary>
/// Service endpoints from <c>backends.json</c> (<c>{"ns/name:port": ["host:port", ...]}</c>); a Service not
/// listed resolves to its cluster DNS name, <c>name.namespace.svc.cluster.local:port</c>, as inside a cluster.
/// Endpoint sets are shared so that plan revisions keep the same round-robin state.
/// </summary>
internal sealed class BackendMap
{
    private readonly Dictionary<string, string[]> _endpoints;
    private readonly Dictionary<string, BackendEndpoints> _cache = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public BackendMap(IReadOnlyDictionary<string, string[]> endpoints) =>
        _endpoints = new Dictionary<string, string[]>(endpoints, StringComparer.Ordinal);

    public static BackendMap Empty { get; } = new(new Dictionary<string, string[]>());

    public static BackendMap Load(string path)
    {
        var map = JsonSerializer.Deserialize<Dictionary<string, string[]>>(File.ReadAllBytes(path))
            ?? throw new JsonException($"{path}: expected an object");
        return new BackendMap(map);
    }

    public BackendEndpoints Resolve(string ns, string name, int port)
    {
        var key = $"{ns}/{name}:{port}";
        lock (_lock)
        {
            if (!_cache.TryGetValue(key, out var endpoints))
            {
                var list = _endpoints.TryGetValue(key, out var listed) && listed.Length > 0
                    ? listed
                    : [$"{name}.{ns}.svc.cluster.local:{port}"];
                endpoints = new BackendEndpoints(list);
                _cache.Add(key, endpoints);
            }

            return endpoints;
        }
    }
}
