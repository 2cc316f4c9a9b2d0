using GitGateway.Proxy.Forwarding;
using GitGateway.Proxy.Upstream;
using k8s;
using k8s.Models;

namespace GitGateway.Proxy.Discovery;

/// <summary>
/// The EndpointSlices a node knows, by Service, and the Service ports that routes reference: every change to a
/// Service's slices replaces the endpoint sets of its tracked ports at once. Endpoints that are ready and not
/// terminating take requests; when a Service has none, its serving terminating endpoints do (as kube-proxy's
/// fallback); when it has neither, or no slice at all (not yet listed, ExternalName), its DNS name does.
/// </summary>
internal sealed class EndpointSliceIndex : IEndpointDiscovery, IWatchSink<V1EndpointSlice>
{
    /// <summary>Slices kept at most; more are ignored (a cluster that large wants a namespaced watch).</summary>
    public const int MaxSlices = 100_000;

    private readonly Lock _lock = new();
    private readonly Dictionary<string, SliceEndpoints> _slices = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Ns, string Service), HashSet<string>> _byService = [];
    private readonly Dictionary<(string Ns, string Service), List<Tracked>> _tracked = [];

    public void Track(string ns, string name, int port, BackendEndpoints endpoints, IReadOnlyList<string> fallback)
    {
        lock (_lock)
        {
            if (!_tracked.TryGetValue((ns, name), out var list))
            {
                _tracked[(ns, name)] = list = [];
            }

            var tracked = new Tracked(port, endpoints, fallback);
            list.Add(tracked);
            Refresh((ns, name), tracked);
        }
    }

    public void Reset(IEnumerable<V1EndpointSlice> items)
    {
        lock (_lock)
        {
            var before = _byService.Keys.ToList();
            _slices.Clear();
            _byService.Clear();
            foreach (var slice in items)
            {
                Put(slice);
            }

            foreach (var service in before.Concat(_byService.Keys).Distinct())
            {
                Refresh(service);
            }
        }
    }

    public void Apply(WatchChange type, V1EndpointSlice item)
    {
        lock (_lock)
        {
            var key = Key(item);
            var old = _slices.GetValueOrDefault(key);
            _slices.Remove(key);
            if (old is not null)
            {
                _byService[(old.Namespace, old.Service)].Remove(key);
            }

            var now = type == WatchChange.Deleted ? null : Put(item);
            foreach (var service in new[] { old, now }.OfType<SliceEndpoints>().Select(s => (s.Namespace, s.Service)).Distinct())
            {
                Refresh(service);
            }
        }
    }

    private SliceEndpoints? Put(V1EndpointSlice slice)
    {
        if (_slices.Count >= MaxSlices || SliceEndpoints.From(slice) is not { } parsed)
        {
            return null;
        }

        var key = Key(slice);
        _slices[key] = parsed;
        if (!_byService.TryGetValue((parsed.Namespace, parsed.Service), out var keys))
        {
            _byService[(parsed.Namespace, parsed.Service)] = keys = new HashSet<string>(StringComparer.Ordinal);
        }

        keys.Add(key);
        return parsed;
    }

    private void Refresh((string Ns, string Service) service)
    {
        foreach (var tracked in _tracked.GetValueOrDefault(service) ?? [])
        {
            Refresh(service, tracked);
        }
    }

    private void Refresh((string Ns, string Service) service, Tracked tracked)
    {
        var slices = (_byService.GetValueOrDefault(service) ?? []).Select(k => _slices[k]).ToList();
        List<string> ready = [], serving = [];
        foreach (var slice in slices)
        {
            if (slice.PortFor(tracked.Port) is not { } port)
            {
                continue;
            }

            foreach (var endpoint in slice.Endpoints)
            {
                (endpoint.Ready && !endpoint.Terminating ? ready : endpoint.Serving ? serving : null)?.Add(endpoint.Authority(port));
            }
        }

        IReadOnlyList<string> chosen = ready.Count > 0 ? ready : serving.Count > 0 ? serving : tracked.Fallback;
        tracked.Endpoints.Update([.. chosen.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)]);
    }

    private static string Key(V1EndpointSlice slice) => $"{slice.Metadata?.NamespaceProperty}/{slice.Metadata?.Name}";

    private sealed record Tracked(int Port, BackendEndpoints Endpoints, IReadOnlyList<string> Fallback);
}
