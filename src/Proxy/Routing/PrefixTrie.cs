namespace GitGateway.Proxy.Routing;

/// <summary>
/// Path prefixes on <c>/</c> segment boundaries (Gateway API PathPrefix: <c>/abc</c> matches <c>/abc</c>,
/// <c>/abc/</c> and <c>/abc/def</c>, not <c>/abcd</c>; a trailing slash in the prefix is ignored). A lookup
/// walks the request path's segments once, so its cost depends on the path depth, not on the number of routes.
/// </summary>
internal sealed class PrefixTrie
{
    private readonly Node _root = new();

    public void Add(string prefix, int entryIndex)
    {
        var node = _root;
        foreach (var segment in prefix.Trim('/').Split('/', StringSplitOptions.None))
        {
            if (segment.Length == 0 && node == _root)
            {
                continue; // the root prefix "/"
            }

            node.Children ??= new Dictionary<string, Node>(StringComparer.Ordinal);
            if (!node.Children.TryGetValue(segment, out var child))
            {
                child = new Node();
                node.Children.Add(segment, child);
            }

            node = child;
        }

        node.Pending.Add(entryIndex);
    }

    /// <summary>Freezes the trie: candidate lists sorted by precedence, lookups by span.</summary>
    public void Seal() => _root.Seal();

    /// <summary>Calls <paramref name="visit"/> for the candidates of every prefix of <paramref name="path"/>, shortest first.</summary>
    public void Visit<TVisitor>(ReadOnlySpan<char> path, ref TVisitor visitor)
        where TVisitor : struct, ICandidateVisitor, allows ref struct
    {
        var node = _root;
        if (node.Candidates.Length > 0)
        {
            visitor.Visit(node.Candidates);
        }

        var rest = path.Length > 0 && path[0] == '/' ? path[1..] : path;
        while (node.Lookup is { } lookup)
        {
            var slash = rest.IndexOf('/');
            var segment = slash < 0 ? rest : rest[..slash];
            if (!lookup.TryGetValue(segment, out var child))
            {
                return;
            }

            node = child;
            if (node.Candidates.Length > 0)
            {
                visitor.Visit(node.Candidates);
            }

            if (slash < 0)
            {
                return;
            }

            rest = rest[(slash + 1)..];
        }
    }

    private sealed class Node
    {
        public List<int> Pending { get; } = [];

        public int[] Candidates { get; private set; } = [];

        public Dictionary<string, Node>? Children { get; set; }

        public Dictionary<string, Node>.AlternateLookup<ReadOnlySpan<char>>? Lookup { get; private set; }

        public void Seal()
        {
            Pending.Sort();
            Candidates = [.. Pending];
            if (Children is not null)
            {
                Lookup = Children.GetAlternateLookup<ReadOnlySpan<char>>();
                foreach (var child in Children.Values)
                {
                    child.Seal();
                }
            }
        }
    }
}
