namespace GitGateway.Renderer.Manifests;

/// <summary>
/// The lists a typed read keeps. A read object lives as long as the render, so each list it holds is copied by the
/// collector from generation to generation: an empty one is the one shared empty array, a full one an array of
/// exactly its items (a <see cref="List{T}"/> is a second object, with room to grow that nobody uses).
/// </summary>
internal static class ReadLists
{
    /// <summary>The items of <paramref name="items"/>, kept as described above.</summary>
    public static IReadOnlyList<T> Kept<T>(List<T> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        return items.Count == 0 ? [] : items.ToArray();
    }
}
