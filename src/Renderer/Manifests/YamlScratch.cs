namespace GitGateway.Renderer.Manifests;

/// <summary>
/// Lists a reader collects a collection's entries or items in, reused from one collection to the next, so that the
/// collection keeps an array of its exact size (most mappings of a manifest have two to six entries, and a list grown
/// for them made two arrays). Taken and given back in nesting order by one reader on one thread; a list not given
/// back (the text is left to the full parser) is simply not reused.
/// </summary>
internal sealed class YamlScratch<T>
{
    private readonly Stack<List<T>> _free = new();

    /// <summary>An empty list to collect in; <see cref="Keep"/> gives it back.</summary>
    public List<T> Take() => _free.TryPop(out var list) ? list : [];

    /// <summary>What <paramref name="list"/> collected, as an array of its count; the list is emptied and reused.</summary>
    public T[] Keep(List<T> list)
    {
        ArgumentNullException.ThrowIfNull(list);
        var kept = list.ToArray();
        list.Clear();
        _free.Push(list);
        return kept;
    }
}
