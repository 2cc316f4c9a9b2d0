namespace GitGateway.Proxy.Sync;

/// <summary>
/// What a file's metadata says of its content, read with one stat: its length and last write time. An unchanged
/// stamp almost always means unchanged content; a writer that keeps both (same length, timestamp set back) is caught
/// by the change notification naming the file (<see cref="FileChangeSignal"/>), which makes <see cref="FilePlanSource"/>
/// read it whatever its stamp. A symbolic link is followed to its final target.
/// </summary>
internal readonly record struct FileStamp(long Length, DateTime LastWriteUtc)
{
    /// <summary>The stamp of <paramref name="path"/>, or null when it cannot be read.</summary>
    public static FileStamp? Of(string path)
    {
        try
        {
            // A symbolic link's own stamp never moves when what it points to is replaced (a mounted ConfigMap's
            // plan.json -> ..data/plan.json, whose ..data link is swapped): the stamp is the final target's.
            FileSystemInfo info = new FileInfo(path);
            if (info.LinkTarget is not null)
            {
                info = info.ResolveLinkTarget(returnFinalTarget: true) ?? info;
            }

            return info.Exists && info is FileInfo file ? new FileStamp(file.Length, file.LastWriteTimeUtc) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
