namespace GitGateway.Renderer.Rendering;

/// <summary>
/// How old the input's objects are, when the caller knows. Gateway API breaks ties between routes by
/// <c>creationTimestamp</c>, oldest first, then by <c>{namespace}/{name}</c>
/// (https://gateway-api.sigs.k8s.io/reference/spec/#httprouterule, and the TCPRoute/UDPRoute conformance tests that
/// keep the oldest route on a listener). A Git repository's creation time of an object is the commit that introduced
/// it: the control plane derives it from the first-parent history of the rendered commit and passes it here as a
/// rank (smaller is older; objects introduced by one commit share a rank and tie, as equal timestamps do). An object
/// without a rank is newer than every ranked one (it exists only in a pull request's merge result). The ranks are a
/// function of the commit, so a commit still renders to the same bytes every time.
/// </summary>
public sealed class ObjectAges
{
    private readonly IReadOnlyDictionary<string, long> _ranks;

    /// <summary>Ages by <see cref="KeyOf"/>, with the history they were derived from (e.g. <c>main@sha1:…, 12 commits</c>).</summary>
    public ObjectAges(IReadOnlyDictionary<string, long> ranks, string basis)
    {
        ArgumentNullException.ThrowIfNull(ranks);
        ArgumentException.ThrowIfNullOrEmpty(basis);
        _ranks = ranks;
        Basis = basis;
    }

    /// <summary>Where the ages come from, for messages.</summary>
    public string Basis { get; }

    /// <summary>How many objects have an age.</summary>
    public int Count => _ranks.Count;

    /// <summary>The key of an object: <c>Kind/namespace/name</c> (namespace <c>default</c> when unset, as the renderer reads it).</summary>
    public static string KeyOf(string kind, string? ns, string name) => ns is null ? $"{kind}/{name}" : $"{kind}/{ns}/{name}";

    /// <summary>The object's rank; <see cref="long.MaxValue"/> (newest) when it has none.</summary>
    public long RankOf(string kind, string? ns, string name) => _ranks.TryGetValue(KeyOf(kind, ns, name), out var rank) ? rank : long.MaxValue;
}
