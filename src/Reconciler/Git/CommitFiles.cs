using GitGateway.Renderer.Rendering;

namespace GitGateway.Reconciler.Git;

/// <summary>
/// The regular files of one commit, and the entries that were reported instead of read (symlinks, submodules,
/// paths with <c>..</c>): nothing outside the tree is ever followed.
/// </summary>
internal sealed record CommitFiles(string Commit, IReadOnlyList<SourceFile> Files, IReadOnlyList<string> Skipped);
