using GitGateway.Renderer.Diagnostics;
using GitGateway.Renderer.Layout;
using GitGateway.Renderer.Manifests;
using GitGateway.Renderer.Rendering;

namespace GitGateway.Reconciler.Git;

/// <summary>
/// Reads the manifests of one commit straight from the object store (no checkout), with the same rules as
/// <see cref="SourceFiles"/> on disk: YAML files outside dot-directories, the same size limit. What Git can
/// hold but a checkout would turn into something else is reported, never followed: symbolic links (mode
/// 120000), submodules (160000) and paths that would escape the tree (<c>..</c>, absolute, empty segments). The
/// repository's caps on files and bytes are held while the tree is listed, before content is read.
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

    /// <summary>
    /// The manifests of <paramref name="commit"/> (a full id), sorted by path, and what was not read. The tree is
    /// streamed and checked against the repository's caps on files and bytes (<c>spec.limits.repository</c> of the
    /// commit's <c>gitgateway.yaml</c>, read first) from the sizes <c>ls-tree</c> gives, before any content is read:
    /// past a cap nothing but <c>gitgateway.yaml</c> is read, and the result holds one <c>LimitExceeded</c> per cap
    /// crossed, with the exact count (the rest of the listing is counted, not kept).
    /// </summary>
    public Task<SourceFiles.Result> ReadAsync(string commit, CancellationToken cancellationToken) => ReadAsync(commit, [], cancellationToken);

    /// <summary>
    /// The manifests of <paramref name="commit"/> as <see cref="ReadAsync(string, CancellationToken)"/> reads them, taking
    /// the content of any blob that <paramref name="readBefore"/> holds (files read before, with their blob ids: another
    /// revision's, which shares almost every blob) from there instead of reading it from Git again.
    /// </summary>
    public async Task<SourceFiles.Result> ReadAsync(string commit, IReadOnlyList<SourceFile> readBefore, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(readBefore);
        var known = readBefore.Where(f => f.BlobId is not null).DistinctBy(f => f.BlobId, StringComparer.Ordinal).ToDictionary(f => f.BlobId!, f => f.Content, StringComparer.Ordinal);

        // The gitgateway.yaml read before is most often this commit's too: its caps are taken while the tree is listed
        // and confirmed by the config's own entry in that listing (one git process less); another config lists again.
        if (readBefore.Count > 0
            && await ListAsync(commit, readBefore.FirstOrDefault(f => f.Path == GitGatewayConfig.FileName), known, true, cancellationToken).ConfigureAwait(false) is { } listed)
        {
            return listed;
        }

        // gitgateway.yaml, when the commit has one that can be read (its problems are reported when the tree is read);
        // read here rather than in a method of its own, which would be one more async state machine JIT-compiled at start.
        SourceFile? config = null;
        var entry = await _repository.FindRootEntryAsync(commit, GitGatewayConfig.FileName, cancellationToken).ConfigureAwait(false);
        if (entry is { IsRegularFile: true } && !(entry.Size > SourceFiles.MaxFileBytes))
        {
            if (known.TryGetValue(entry.ObjectId, out var content))
            {
                config = new SourceFile(entry.Path, content) { BlobId = entry.ObjectId };
            }
            else
            {
                await foreach (var blob in _repository.ReadBlobsAsync([entry.ObjectId], cancellationToken).ConfigureAwait(false))
                {
                    config = new SourceFile(entry.Path, blob.Content) { BlobId = blob.ObjectId };
                    break;
                }
            }
        }

        return (await ListAsync(commit, config, known, false, cancellationToken).ConfigureAwait(false))!;
    }

    // The tree listed under config's caps and its manifests read; null when config was guessed and the commit's differs.
    private async Task<SourceFiles.Result?> ListAsync(string commit, SourceFile? config, Dictionary<string, ReadOnlyMemory<byte>> known, bool guessed, CancellationToken cancellationToken)
    {
        var layout = config is null ? null : RepoLayout.Load([config]).Config;
        var cap = (layout?.Limits ?? RepoLimits.Default).Repository;
        var diagnostics = new List<Diagnostic>();
        var wanted = new List<GitTreeEntry>();
        var count = new LimitCounter(cap);
        var configListed = false;
        await foreach (var entry in _repository.StreamTreeAsync(commit, cancellationToken).ConfigureAwait(false))
        {
            if (guessed && entry.Path == GitGatewayConfig.FileName)
            {
                if (!IsConfig(entry, config))
                {
                    return null; // stops git: nothing counted so far is kept
                }

                configListed = true;
            }

            var report = Classify(entry, out var read);
            if (!read && report is null)
            {
                continue;
            }

            count.Add(entry.Path, entry.Size ?? 0, read);
            if (count.IsOver)
            {
                continue; // counted for the error's actual value, not kept
            }

            if (report is not null)
            {
                diagnostics.Add(report);
            }

            if (read)
            {
                wanted.Add(entry);
            }
        }

        if (guessed && !configListed && config is not null)
        {
            return null;
        }

        if (count.IsOver)
        {
            return new SourceFiles.Result(config is null ? [] : [config], count.Diagnostics(layout)) { OverRepositoryCap = true };
        }

        var files = await ReadContentAsync(wanted, known, cancellationToken).ConfigureAwait(false);
        files.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        diagnostics.Sort((a, b) => string.CompareOrdinal(a.File, b.File));
        return new SourceFiles.Result(files, diagnostics);
    }

    // Whether the root entry is what ReadConfigAsync would have read as config: the same blob, or nothing readable for none.
    private static bool IsConfig(GitTreeEntry entry, SourceFile? config) =>
        entry.IsRegularFile && !(entry.Size > SourceFiles.MaxFileBytes) ? config?.BlobId == entry.ObjectId : config is null;

    // The files of the entries: a blob id names the bytes, so one the caller has read is taken from there; the others from one cat-file.
    private async Task<List<SourceFile>> ReadContentAsync(List<GitTreeEntry> wanted, Dictionary<string, ReadOnlyMemory<byte>> known, CancellationToken cancellationToken)
    {
        var files = new List<SourceFile>(wanted.Count);
        files.AddRange(wanted.Where(e => known.ContainsKey(e.ObjectId)).Select(e => new SourceFile(e.Path, known[e.ObjectId]) { BlobId = e.ObjectId }));
        var fromGit = wanted.Where(e => !known.ContainsKey(e.ObjectId)).ToList();
        var index = 0;
        await foreach (var blob in _repository.ReadBlobsAsync([.. fromGit.Select(e => e.ObjectId)], cancellationToken).ConfigureAwait(false))
        {
            files.Add(new SourceFile(fromGit[index++].Path, blob.Content) { BlobId = blob.ObjectId });
        }

        return files;
    }

    // Whether the entry is a manifest to read (read), and what to report about it when it is skipped for a reason the author should know.
    internal static Diagnostic? Classify(GitTreeEntry entry, out bool read)
    {
        read = false;
        if (!IsPlainRelativePath(entry.Path))
        {
            return Report(DiagnosticSeverity.Error, PathEscapesCode, entry.Path,
                "this path is not a plain relative path inside the repository (it has '..', '.', an empty segment or a leading '/'): rename it.");
        }

        if (InDotDirectory(entry.Path))
        {
            return null;
        }

        var manifestName = SourceFiles.HasManifestExtension(entry.Path);
        if (entry.IsSymlink)
        {
            // A link named *.yaml is content the author meant to render; any other link may point at a folder of manifests.
            return Report(manifestName ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning, SourceFiles.SymlinkCode, entry.Path,
                "symbolic links are not followed: replace the link with the file (or folder) it points to.");
        }

        if (entry.IsSubmodule)
        {
            return Report(DiagnosticSeverity.Warning, SubmoduleCode, entry.Path,
                "submodules are not read: copy the manifests it holds into this repository if they should be rendered.");
        }

        if (!manifestName || !entry.IsRegularFile)
        {
            return null;
        }

        if (entry.Size > SourceFiles.MaxFileBytes)
        {
            return SourceFiles.TooLarge(entry.Path, entry.Size.Value);
        }

        read = true;
        return null;
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
