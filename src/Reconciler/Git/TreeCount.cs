using GitGateway.Plan.Model;
using GitGateway.Renderer.Diagnostics;
using GitGateway.Renderer.Layout;
using GitGateway.Renderer.Manifests;

namespace GitGateway.Reconciler.Git;

/// <summary>
/// Counts a tree's manifest entries (files to read, and those reported instead: links, submodules, escaping
/// paths, files too large) and the bytes of the files to read against the repository's caps, remembering the
/// first entry over each cap. Only counts are kept, so a listing of any length costs the same memory.
/// </summary>
internal sealed class TreeCount(LimitSet cap)
{
    private long _files;
    private long _bytes;
    private GitTreeEntry? _firstOverFiles;
    private GitTreeEntry? _firstOverBytes;

    /// <summary>Whether a cap has been crossed.</summary>
    public bool IsOver => _firstOverFiles is not null || _firstOverBytes is not null;

    /// <summary>Counts one entry; <paramref name="read"/> when its content would be read (its size counts).</summary>
    public void Add(GitTreeEntry entry, bool read)
    {
        _files++;
        _bytes += read ? entry.Size ?? 0 : 0;
        if (_files > cap.Files)
        {
            _firstOverFiles ??= entry;
        }

        if (_bytes > cap.Bytes)
        {
            _firstOverBytes ??= entry;
        }
    }

    /// <summary>One <c>LimitExceeded</c> per cap crossed.</summary>
    public IReadOnlyList<Diagnostic> Diagnostics(GitGatewayConfig? config)
    {
        var result = new List<Diagnostic>();
        if (_firstOverFiles is { } files)
        {
            result.Add(LimitDiagnostics.RepositoryOver(LimitKind.Files, cap.Files, _files, new SourceMark(files.Path, 1, 1), config));
        }

        if (_firstOverBytes is { } bytes)
        {
            result.Add(LimitDiagnostics.RepositoryOver(LimitKind.Bytes, cap.Bytes, _bytes, new SourceMark(bytes.Path, 1, 1), config));
        }

        return result;
    }
}
