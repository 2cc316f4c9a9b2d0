namespace GitGateway.Reconciler.Apply;

/// <summary>
/// Writes a file by writing a temporary sibling and renaming it over the target, so a crash leaves either the
/// old or the new content, never half of it (rename is atomic within one file system, POSIX rename(2)).
/// </summary>
internal static class AtomicFile
{
    public static async Task WriteAsync(string path, byte[] bytes, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var temp = path + ".tmp";
        await File.WriteAllBytesAsync(temp, bytes, cancellationToken);
        File.Move(temp, path, overwrite: true);
    }
}
