using GitGateway.Renderer.Layout;

namespace GitGateway.Reconciler.Review;

/// <summary>
/// The team owning each route entry's file (<see cref="RepoLayoutInfo.OwnerOf"/>), looked up once per folder: a team
/// owns the files under its folder, and its folder ends with '/' (<see cref="LayoutTeam.Directory"/>), so two files in
/// one folder have one owner, and a 10,000-route repository holds its route files in a few hundred folders. A layout
/// with a folder not ending with '/' (which <see cref="RepoLayout"/> never makes) is asked file by file. For one pass
/// over one layout.
/// </summary>
internal sealed class EntryOwners(RepoLayoutInfo? layout)
{
    private readonly bool _byFolder = layout is not null && layout.Teams.All(t => t.Directory.Length == 0 || t.Directory[^1] == '/');
    private readonly Dictionary<string, string?> _names = new(StringComparer.Ordinal);

    /// <summary>The name of the team whose folder holds the entry's file, or null (no layout, or no team's folder).</summary>
    public string? Of(KeyedEntry entry)
    {
        if (layout is null)
        {
            return null;
        }

        var file = entry.Http?.Source.File ?? entry.L4?.Source.File ?? "";
        var key = _byFolder ? file.AsSpan(0, file.LastIndexOf('/') + 1) : file.AsSpan();
        var names = _names.GetAlternateLookup<ReadOnlySpan<char>>();
        if (!names.TryGetValue(key, out var name))
        {
            name = layout.OwnerOf(file)?.Name;
            names[key] = name;
        }

        return name;
    }
}
