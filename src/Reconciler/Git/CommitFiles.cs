using GitGateway.Renderer.Diagnostics;
using GitGateway.Renderer.Rendering;

namespace GitGateway.Reconciler.Git;

/// <summary>
/// The manifests of one commit, and diagnostics for the entries that were reported instead of read (symlinks,
/// submodules, paths escaping the tree): nothing outside the tree is ever followed.
/// </summary>
internal sealed record CommitFiles(string Commit, IReadOnlyList<SourceFile> Files, IReadOnlyList<Diagnostic> Diagnostics)
{
    /// <summary>Set when the commit is over the repository's cap on files or bytes and only <c>gitgateway.yaml</c> was read.</summary>
    public bool OverRepositoryCap { get; init; }
}
