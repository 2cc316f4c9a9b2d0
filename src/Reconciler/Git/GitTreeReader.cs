using GitGateway.Renderer.Diagnostics;
using GitGateway.Renderer.Rendering;

namespace GitGateway.Reconciler.Git;

/// <summary>
/// Reads the manifests of one commit straight from the object store (no checkout), with the same rules as
/// <see cref="SourceFiles"/> on disk: YAML files outside dot-directories, the same size limit. What Git can
/// hold but a checkout would turn into something else is reported, never followed: symbolic links (mode
/// 120000), submodules (160000) and paths that would escape the tree (<c>..</c>, absolute, empty segments).
/// </summary>
public sealed class GitTreeReader
{
    /// <summary>Diagnostic code for a submodule, whose content is not in this repository.</summary>
    public const string SubmoduleCode = "SubmoduleNotFollowed";

    /// <summary>Diagnostic code for a path that is not a plain relative path inside the tree.</summary>
    public const string PathEscapesCode = "PathEscapesTree";

    private readonly GitRepository _repository;

    /// <summary>Reads from <paramref name="repository"/>.</summary>
    public GitTreeReader(GitRepository repository) => _repository = repository ?? throw new ArgumentNullException(nameof(repository));

    /// <summary>The manifests of <paramref name="commit"/> (a full id), sorted by path, and what was not read.</summary>
    public async Task<SourceFiles.Result> ReadAsync(string commit, CancellationToken cancellationToken)
    {
        var entries = await _repository.ListTreeAsync(commit, cancellationToken).ConfigureAwait(false);
        var diagnostics = new List<Diagnostic>();
        var wanted = new List<GitTreeEntry>();
        foreach (var entry in entries)
        {
            if (Classify(entry, diagnostics))
            {
                wanted.Add(entry);
            }
        }

        var files = new List<SourceFile>(wanted.Count);
        var index = 0;
        await foreach (var blob in _repository.ReadBlobsAsync([.. wanted.Select(e => e.ObjectId)], cancellationToken).ConfigureAwait(false))
        {
            files.Add(new SourceFile(wanted[index++].Path, blob.Content));
        }

        files.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        diagnostics.Sort((a, b) => string.CompareOrdinal(a.File, b.File));
        return new SourceFiles.Result(files, diagnostics);
    }

    // True when the entry is a manifest to read; reports what is skipped for a reason the author should know.
    private static bool Classify(GitTreeEntry entry, List<Diagnostic> diagnostics)
    {
        if (!IsPlainRelativePath(entry.Path))
        {
            diagnostics.Add(Report(DiagnosticSeverity.Error, PathEscapesCode, entry.Path,
                "this path is not a plain relative path inside the repository (it has '..', '.', an empty segment or a leading '/'): rename it."));
            return false;
        }

        if (InDotDirectory(entry.Path))
        {
            return false;
        }

        var manifestName = SourceFiles.HasManifestExtension(entry.Path);
        if (entry.IsSymlink)
        {
            // A link named *.yaml is content the author meant to render; any other link may point at a folder of manifests.
            diagnostics.Add(Report(manifestName ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning, SourceFiles.SymlinkCode, entry.Path,
                "symbolic links are not followed: replace the link with the file (or folder) it points to."));
            return false;
        }

        if (entry.IsSubmodule)
        {
            diagnostics.Add(Report(DiagnosticSeverity.Warning, SubmoduleCode, entry.Path,
                "submodules are not read: copy the manifests it holds into this repository if they should be rendered."));
            return false;
        }

        if (!manifestName || !entry.IsRegularFile)
        {
            return false;
        }

        if (entry.Size > SourceFiles.MaxFileBytes)
        {
            diagnostics.Add(SourceFiles.TooLarge(entry.Path, entry.Size.Value));
            return false;
        }

        return true;
    }

    private static bool IsPlainRelativePath(string path) =>
        path.Length > 0 && !path.Split('/').Any(segment => segment is "" or "." or "..") && !path.Contains('\0');

    private static bool InDotDirectory(string path)
    {
        var lastSlash = path.LastIndexOf('/');
        return lastSlash > 0 && path[..lastSlash].Split('/').Any(segment => segment.StartsWith('.'));
    }

    private static Diagnostic Report(DiagnosticSeverity severity, string code, string path, string message) =>
        new(severity, code, path, 1, 1, message);
}
