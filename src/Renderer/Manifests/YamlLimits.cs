namespace GitGateway.Renderer.Manifests;

/// <summary>
/// Limits that keep a hostile or broken file from exhausting the renderer: a file above the size limit is not
/// parsed; nesting, alias use and node counts are bounded per document. Each breach is a diagnostic.
/// </summary>
internal static class YamlLimits
{
    /// <summary>The largest file parsed (1 MiB).</summary>
    public const int MaxFileBytes = 1024 * 1024;

    /// <summary>The most documents in one file.</summary>
    public const int MaxDocumentsPerFile = 1000;

    /// <summary>The deepest nesting of mappings and sequences.</summary>
    public const int MaxDepth = 64;

    /// <summary>The most alias references in one document (anchors are never expanded, so this bounds work).</summary>
    public const int MaxAliasesPerDocument = 100;

    /// <summary>The most nodes in one document, counting each alias as the size of what it refers to.</summary>
    public const int MaxNodesPerDocument = 200_000;
}
