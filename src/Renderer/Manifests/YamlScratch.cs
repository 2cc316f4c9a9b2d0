namespace GitGateway.Renderer.Manifests;

/// <summary>
/// Lists a reader collects a collection's entries or items in, reused from one collection to the next, so that the
/// collection keeps an array of its exact size (most mappings of a manifest have two to six entries, and a list grown
/// for them made two arrays). Taken and given back in nesting order by one reader on one thread; a list not given
/// back (the text is left to the full parser) is simply not reused. One set is kept per thread (<see cref="ForThread"/>)
/// and serves every file that thread reads: a set per file grew its lists anew for each of 12,005 files. A list grown
/// past <see cref="MaxKeptCapacity"/> (a long flow sequence) is not kept, so what a thread holds stays small.
/// </summary>
internal sealed class YamlScratch<T>
{
    /// <summary>The largest list kept for reuse; a larger one is left to the collector.</summary>
    public const int MaxKeptCapacity = 256;

    [ThreadStatic]
    private static YamlScratch<T>? t_forThread;

    private readonly Stack<List<T>> _free = new();

    /// <summary>The lists of the calling thread (one reader at a time per thread: the reader calls out to nothing).</summary>
    public static YamlScratch<T> ForThread => t_forThread ??= new();

    /// <summary>An empty list to collect in; <see cref="Keep"/> gives it back.</summary>
    public List<T> Take() => _free.TryPop(out var list) ? list : [];

    /// <summary>What <paramref name="list"/> collected, as an array of its count; the list is emptied and reused.</summary>
    public T[] Keep(List<T> list)
    {
        ArgumentNullException.ThrowIfNull(list);
        var kept = list.ToArray();
        list.Clear();
        if (list.Capacity <= MaxKeptCapacity)
        {
            _free.Push(list);
        }

        return kept;
    }
}
