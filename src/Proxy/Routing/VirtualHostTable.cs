using GitGateway.Plan.Model;

namespace GitGateway.Proxy.Routing;

/// <summary>
/// The entries of one virtual host, indexed by path: exact paths in a dictionary, prefixes in a segment trie,
/// regular expressions in the same trie under the directory their literal start names (<see cref="RegexLiteralPrefix"/>),
/// or in a list when they have none. A request's candidates come from the three; the one with the lowest
/// precedence index whose other conditions hold wins (the plan lists entries in Gateway API precedence order:
/// https://gateway-api.sigs.k8s.io/reference/spec/#httprouterule).
/// </summary>
internal sealed class VirtualHostTable
{
    private readonly CompiledEntry[] _entries;
    private readonly Dictionary<string, int[]> _exact;
    private readonly Dictionary<string, int[]>.AlternateLookup<ReadOnlySpan<char>> _exactLookup;
    private readonly PrefixTrie _prefixes = new();
    private readonly int[] _regexes;

    public VirtualHostTable(VirtualHost host, CompiledEntry[] entries)
    {
        Hostname = host.Hostname;
        _entries = entries;
        var exact = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        var regexes = new List<int>();
        for (var i = 0; i < entries.Length; i++)
        {
            var path = entries[i].Entry.Match.Path;
            switch (path.Type)
            {
                case MatchKind.Exact:
                    if (!exact.TryGetValue(path.Value, out var list))
                    {
                        exact[path.Value] = list = [];
                    }

                    list.Add(i);
                    break;
                case MatchKind.PathPrefix:
                    _prefixes.Add(path.Value, i);
                    break;
                default:
                    // Under the directory its fixed start names, so only requests below it try the pattern.
                    if (RegexLiteralPrefix.Directory(path.Value) is { } directory)
                    {
                        _prefixes.Add(directory, i);
                    }
                    else
                    {
                        regexes.Add(i);
                    }

                    break;
            }
        }

        _prefixes.Seal();
        _exact = exact.ToDictionary(kv => kv.Key, kv => kv.Value.ToArray(), StringComparer.Ordinal);
        _exactLookup = _exact.GetAlternateLookup<ReadOnlySpan<char>>();
        _regexes = [.. regexes];
    }

    public string Hostname { get; }

    public IReadOnlyList<CompiledEntry> Entries => _entries;

    /// <summary>
    /// The entry that serves the request, or null: 404, or, when <paramref name="unanswerable"/>, an entry ranked
    /// before every matching one could not be decided (a regular expression without an answer), and the request
    /// is refused rather than served by a later entry.
    /// </summary>
    public CompiledEntry? Match(HttpRequest request, string path, out bool unanswerable)
    {
        var visitor = new Visitor(_entries, request, path);
        if (_exactLookup.TryGetValue(path, out var exact))
        {
            visitor.Visit(exact);
        }

        _prefixes.Visit(path, ref visitor);
        if (_regexes.Length > 0)
        {
            visitor.Visit(_regexes);
        }

        unanswerable = visitor.Undecided < visitor.Best;
        return unanswerable || visitor.Best == int.MaxValue ? null : _entries[visitor.Best];
    }

    private ref struct Visitor(CompiledEntry[] entries, HttpRequest request, string path) : ICandidateVisitor
    {
        public int Best { get; private set; } = int.MaxValue;

        /// <summary>The lowest index whose conditions could not be decided: no entry after it may serve the request.</summary>
        public int Undecided { get; private set; } = int.MaxValue;

        public void Visit(int[] candidates)
        {
            // Candidates are ascending; stop at the first that holds or is undecided, or once they cannot beat
            // the best (or the first undecided) so far.
            for (var i = 0; i < candidates.Length; i++)
            {
                var index = candidates[i];
                if (index >= Best || index >= Undecided)
                {
                    return;
                }

                switch (entries[index].Match(request, path))
                {
                    case MatchAnswer.Yes:
                        Best = index;
                        return;
                    case MatchAnswer.Unanswerable:
                        Undecided = index;
                        return;
                }
            }
        }
    }
}
