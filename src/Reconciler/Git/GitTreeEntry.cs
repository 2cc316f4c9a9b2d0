namespace GitGateway.Reconciler.Git;

/// <summary>One entry of <c>git ls-tree -r -l</c>: file mode, object type and id, blob size and repo-relative path.</summary>
/// <param name="Mode">The octal mode: 100644/100755 files, 120000 symbolic links, 160000 submodules.</param>
/// <param name="Type"><c>blob</c> or <c>commit</c> (a submodule).</param>
/// <param name="ObjectId">The object's hex id.</param>
/// <param name="Size">The blob size in bytes, or null for a submodule.</param>
/// <param name="Path">The path inside the tree, exactly as stored (forward slashes).</param>
public sealed record GitTreeEntry(string Mode, string Type, string ObjectId, long? Size, string Path)
{
    /// <summary>The mode of a symbolic link.</summary>
    public const string SymlinkMode = "120000";

    /// <summary>The mode of a submodule (a gitlink).</summary>
    public const string SubmoduleMode = "160000";

    /// <summary>True for a regular (possibly executable) file.</summary>
    public bool IsRegularFile => Type == "blob" && Mode is "100644" or "100755" or "100664";

    /// <summary>True for a symbolic link.</summary>
    public bool IsSymlink => Mode == SymlinkMode;

    /// <summary>True for a submodule.</summary>
    public bool IsSubmodule => Mode == SubmoduleMode;
}
