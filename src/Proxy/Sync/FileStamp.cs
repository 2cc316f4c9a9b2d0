namespace GitGateway.Proxy.Sync;

/// <summary>
/// What a file's metadata says of its content, read with one stat: its length and last write time. An unchanged
/// stamp almost always means unchanged content; a writer that keeps both (same length, timestamp set back) is caught
/// by the change notification naming the file (<see cref="FileChangeSignal"/>), which makes <see cref="FilePlanSource"/>
/// read it whatever its stamp.
/// </summary>
internal readonly record struct FileStamp(long Length, DateTime LastWriteUtc)
{
    /// <summary>The stamp of <paramref name="path"/>, or null when it cannot be read.</summary>
    public static FileStamp? Of(string path)
    {
        try
        {
            var info = new FileInfo(path);
            return info.Exists ? new FileStamp(info.Length, info.LastWriteTimeUtc) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
