using GitGateway.Renderer.Diagnostics;
using GitGateway.Renderer.Manifests;
using GitGateway.Renderer.Rendering;

namespace GitGateway.Reconciler.Git;

/// <summary>
/// A commit's tree read from the tree of a commit on its first-parent chain (<see cref="TreeListing"/>) and the
/// changes between them (<see cref="FirstParentChanges"/>), with what <see cref="GitTreeReader"/> gives for it: each
/// changed path's old entry leaves the files or the reports, its new one is classified as the reader does, and only
/// the changed manifests' blobs are read (one <c>cat-file --batch</c>). No whole-tree listing, and no work for the
/// paths that did not change but copying the previous lists. Whatever the reader decides from the whole tree is
/// left to it (null): a changed <c>gitgateway.yaml</c> (other caps), a cap crossed, a changed blob over the file
/// limit or missing.
/// </summary>
internal static class GitTreeDelta
{
    public static async Task<TreeListing?> DeriveAsync(GitRepository repository, TreeListing previous, FirstParentChanges changes, CancellationToken cancellationToken)
    {
        var final = changes.Final();
        if (final.ContainsKey(GitGatewayConfig.FileName))
        {
            return null;
        }

        if (final.Count == 0)
        {
            return previous with { Commit = changes.Commit };
        }

        var files = new List<SourceFile>(previous.Result.Files);
        var reports = new List<Diagnostic>(previous.Result.Diagnostics);
        var counted = previous.Counted;
        var bytes = previous.Bytes;
        var wanted = new List<GitTreeEntry>();
        foreach (var (path, change) in final)
        {
            if (Find(files, path) is var file and >= 0)
            {
                bytes -= files[file].Content.Length;
                counted--;
                files.RemoveAt(file);
            }

            if (Find(reports, path) is var report and >= 0)
            {
                counted--;
                reports.RemoveAt(report);
            }

            if (change is not { NewMode: { } mode, NewObject: { } id })
            {
                continue; // removed
            }

            var entry = new GitTreeEntry(mode, mode == GitTreeEntry.SubmoduleMode ? "commit" : "blob", id, null, path);
            if (GitTreeReader.Classify(entry, out var read) is { } reported)
            {
                counted++;
                reports.Insert(~Find(reports, path), reported);
            }

            if (read)
            {
                counted++;
                wanted.Add(entry);
            }
        }

        if (counted > previous.Cap.Files)
        {
            return null;
        }

        var index = 0;
        await foreach (var blob in repository.ReadBlobsAsync([.. wanted.Select(e => e.ObjectId)], SourceFiles.MaxFileBytes, cancellationToken).ConfigureAwait(false))
        {
            bytes += blob.Content.Length;
            if (blob.IsMissing || blob.UnreadSize is not null || bytes > previous.Cap.Bytes)
            {
                return null; // stops git
            }

            var path = wanted[index++].Path;
            files.Insert(~Find(files, path), new SourceFile(path, blob.Content) { BlobId = blob.ObjectId });
        }

        return new TreeListing(changes.Commit, new SourceFiles.Result(files, reports), previous.Cap, counted, bytes);
    }

    private static int Find(List<SourceFile> files, string path) => Find(files, path, static f => f.Path);

    private static int Find(List<Diagnostic> reports, string path) => Find(reports, path, static d => d.File);

    // The index of path in items sorted by path (ordinal), or the complement of where it would go.
    private static int Find<T>(List<T> items, string path, Func<T, string> pathOf)
    {
        int low = 0, high = items.Count - 1;
        while (low <= high)
        {
            var middle = low + ((high - low) / 2);
            var order = string.CompareOrdinal(pathOf(items[middle]), path);
            if (order == 0)
            {
                return middle;
            }

            if (order < 0)
            {
                low = middle + 1;
            }
            else
            {
                high = middle - 1;
            }
        }

        return ~low;
    }
}
