using GitGateway.Plan.Model;
using GitGateway.Renderer.Diagnostics;
using GitGateway.Renderer.Manifests;

namespace GitGateway.Renderer.Layout;

/// <summary>
/// Counts a repository's manifest entries (files to read, and those reported instead: links, submodules, escaping
/// paths, files too large) and the bytes of the files to read against the repository's caps, remembering the first
/// entry over each cap. Only counts are kept, so a listing of any length costs the same memory: the Git reader and
/// the directory walker count every entry but read none once a cap is crossed.
/// </summary>
public sealed class LimitCounter(LimitSet cap)
{
    private long _files;
    private long _bytes;
    private string? _firstOverFiles;
    private string? _firstOverBytes;

    /// <summary>Whether a cap has been crossed.</summary>
    public bool IsOver => _firstOverFiles is not null || _firstOverBytes is not null;

    /// <summary>Counts one entry; <paramref name="read"/> when its content would be read (its size counts).</summary>
    public void Add(string path, long size, bool read)
    {
        _files++;
        _bytes += read ? size : 0;
        if (_files > cap.Files)
        {
            _firstOverFiles ??= path;
        }

        if (_bytes > cap.Bytes)
        {
            _firstOverBytes ??= path;
        }
    }

    /// <summary>One <c>LimitExceeded</c> per cap crossed.</summary>
    public IReadOnlyList<Diagnostic> Diagnostics(GitGatewayConfig? config)
    {
        var result = new List<Diagnostic>();
        if (_firstOverFiles is { } files)
        {
            result.Add(LimitDiagnostics.RepositoryOver(LimitKind.Files, cap.Files, _files, new SourceMark(files, 1, 1), config));
        }

        if (_firstOverBytes is { } bytes)
        {
            result.Add(LimitDiagnostics.RepositoryOver(LimitKind.Bytes, cap.Bytes, _bytes, new SourceMark(bytes, 1, 1), config));
        }

        return result;
    }
}
