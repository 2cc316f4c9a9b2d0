using GitGateway.Renderer.Binding;

namespace GitGateway.Renderer.Rendering;

/// <summary>
/// The Gateways of ours by namespace/name, and in that order (namespace, then name, each compared as the default string
/// comparer does: the order a <c>SortedDictionary</c> over the <c>(Ns, Name)</c> tuple gave). A hash table and one sort
/// when first listed, rather than a sorted tree over a tuple key: the framework's precompiled code holds the former,
/// while the tree's code over the tuple was JIT-compiled at start in every render (about 50 methods).
/// </summary>
internal sealed class GatewayTable
{
    private readonly Dictionary<(string Ns, string Name), BoundGateway> _byName = [];
    private List<BoundGateway>? _sorted;

    /// <summary>The Gateways by namespace/name, for the binders.</summary>
    public IReadOnlyDictionary<(string Ns, string Name), BoundGateway> ByName => _byName;

    /// <summary>The Gateways in namespace/name order.</summary>
    public IReadOnlyList<BoundGateway> Values => _sorted ??= Sorted();

    /// <summary>Sets the Gateway bound under <paramref name="key"/> (its own namespace and name).</summary>
    public BoundGateway this[(string Ns, string Name) key]
    {
        set
        {
            _byName[key] = value;
            _sorted = null;
        }
    }

    public bool ContainsKey((string Ns, string Name) key) => _byName.ContainsKey(key);

    public BoundGateway? GetValueOrDefault((string Ns, string Name) key) => _byName.TryGetValue(key, out var gateway) ? gateway : null;

    private List<BoundGateway> Sorted()
    {
        var sorted = new List<BoundGateway>(_byName.Values);
        sorted.Sort(static (a, b) =>
        {
            var byNamespace = Comparer<string>.Default.Compare(a.Gateway.Namespace, b.Gateway.Namespace);
            return byNamespace != 0 ? byNamespace : Comparer<string>.Default.Compare(a.Gateway.Name, b.Gateway.Name);
        });
        return sorted;
    }
}
