using System.Collections.Concurrent;
using GitGateway.Renderer.Diagnostics;

namespace GitGateway.Renderer.Manifests;

/// <summary>
/// Files already loaded (parsed, checked against their schemas, read into objects), by path and Git blob id, so
/// that renders of several revisions of one repository load each unchanged file once: a plan's base and head
/// share almost every blob. A blob id names the exact bytes, so a file changed between revisions has another id
/// and is loaded again; a file without an id (read from disk) is never cached. What a file yields also depends on
/// <c>spec.ignoredKinds</c> of <c>gitgateway.yaml</c>, which is part of the key. Bounded: at most
/// <see cref="MaxFiles"/> files are held (<see cref="DefaultMaxFiles"/> unless told); past that, files are loaded
/// without being kept. Loaded objects are immutable, so renders share them; so are their typed reads (a route, a
/// Gateway, a Service), made by the load and held by each loaded object (<see cref="ManifestDocument.TypedRead"/>), so
/// that a render reads into types only the objects of the files that changed.
/// </summary>
public sealed class ManifestCache
{
    /// <summary>The default bound: twice the repository cap on files (<c>spec.limits.repository</c>'s default), base and head.</summary>
    public const int DefaultMaxFiles = 40_000;

    private readonly ConcurrentDictionary<(string Path, string BlobId, string Layout), Entry> _files = new();

    // The object keys of each file held, by blob id: they depend on the bytes alone, not on the path or the layout.
    private readonly ConcurrentDictionary<string, IReadOnlyList<string>> _keys = new(StringComparer.Ordinal);

    private int _held;
    private int _loaded;
    private int _reused;

    /// <summary>A cache holding at most <paramref name="maxFiles"/> files.</summary>
    public ManifestCache(int maxFiles = DefaultMaxFiles)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxFiles);
        MaxFiles = maxFiles;
    }

    /// <summary>The most files held at once.</summary>
    public int MaxFiles { get; }

    /// <summary>How many files are held.</summary>
    public int Count => _files.Count;

    /// <summary>How many files with a blob id were loaded (parsed and checked) through this cache.</summary>
    public int Loaded => _loaded;

    /// <summary>How many loads were answered from the cache instead.</summary>
    public int Reused => _reused;

    /// <summary>Lets go of every file held (the counters stay): after the last render that shares them.</summary>
    public void Clear()
    {
        _files.Clear();
        _keys.Clear();
        Interlocked.Exchange(ref _held, 0);
    }

    /// <summary>
    /// The <see cref="ManifestKeys"/> keys of the blob <paramref name="blobId"/> as the load of a file held read them (the
    /// same as <see cref="ManifestKeys.Read"/> of its bytes, without parsing them again), or null when no file held has it.
    /// </summary>
    public IReadOnlyList<string>? KeysOf(string blobId) => _keys.GetValueOrDefault(blobId);

    /// <summary>One file's objects, the diagnostics loading it gave, and its documents' <see cref="ManifestKeys"/> keys.</summary>
    internal sealed record Entry(IReadOnlyList<ManifestObject> Objects, DiagnosticBag Diagnostics, IReadOnlyList<string> Keys);

    /// <summary>
    /// The cached load of <paramref name="path"/> at <paramref name="blobId"/>, or the one <paramref name="load"/> gives
    /// (kept while there is room). Safe to call from several threads at once.
    /// </summary>
    internal Entry GetOrLoad(string path, string blobId, GitGatewayConfig? layout, Func<Entry> load)
    {
        var key = (path, blobId, LayoutKey(layout));
        if (_files.TryGetValue(key, out var known))
        {
            Interlocked.Increment(ref _reused);
            return known;
        }

        var entry = load();
        Interlocked.Increment(ref _loaded);
        // Files load in parallel: a place is reserved before the entry is added, so the bound holds exactly.
        if (Interlocked.Increment(ref _held) > MaxFiles || !_files.TryAdd(key, entry))
        {
            Interlocked.Decrement(ref _held);
        }
        else
        {
            _keys.TryAdd(blobId, entry.Keys);
        }

        return entry;
    }

    // What of gitgateway.yaml changes how a file is read: whether there is one, and the kinds it lets the repository ignore.
    private static string LayoutKey(GitGatewayConfig? layout) =>
        layout is null ? "" : "layout:" + string.Join('\n', (layout.IgnoredKinds ?? []).Select(k => k.ApiVersion + " " + k.Kind));
}
