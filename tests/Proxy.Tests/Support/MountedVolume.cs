using System.Globalization;
using System.Runtime.InteropServices;

namespace GitGateway.Proxy.Tests.Support;

/// <summary>
/// A directory laid out and updated as the kubelet does a mounted ConfigMap or Secret: the files live in a
/// timestamped <c>..2026_12_06_20_45_00.000000001</c> directory, <c>..data</c> is a symbolic link to it, and each file
/// is a link <c>name -&gt; ..data/name</c>. An update writes a new timestamped directory, points a <c>..data_tmp</c> link
/// at it, renames that over <c>..data</c> (one atomic rename(2)) and removes the old directory.
/// </summary>
internal sealed partial class MountedVolume : IDisposable
{
    private int _generation;
    private string? _current;

    private MountedVolume(string directory) => Directory = directory;

    public string Directory { get; }

    /// <summary>Creates <paramref name="directory"/> (its parents too) holding <paramref name="files"/> as a mount does.</summary>
    public static MountedVolume Create(string directory, params (string Name, string Text)[] files)
    {
        System.IO.Directory.CreateDirectory(directory);
        var volume = new MountedVolume(directory);
        volume.Update(files);
        foreach (var (name, _) in files)
        {
            File.CreateSymbolicLink(volume.PathOf(name), Path.Combine("..data", name));
        }

        return volume;
    }

    public string PathOf(string name) => Path.Combine(Directory, name);

    /// <summary>Replaces the content of every file at once, by the <c>..data</c> swap.</summary>
    public void Update(params (string Name, string Text)[] files)
    {
        var stamp = string.Create(CultureInfo.InvariantCulture, $"..2026_12_06_20_45_00.{++_generation:D9}");
        var next = Path.Combine(Directory, stamp);
        System.IO.Directory.CreateDirectory(next);
        foreach (var (name, text) in files)
        {
            File.WriteAllText(Path.Combine(next, name), text);
        }

        var temporary = PathOf("..data_tmp");
        File.CreateSymbolicLink(temporary, stamp);
        if (Rename(temporary, PathOf("..data")) != 0)
        {
            throw new IOException($"rename ..data_tmp over ..data: errno {Marshal.GetLastPInvokeError()}");
        }

        if (_current is not null)
        {
            System.IO.Directory.Delete(_current, recursive: true);
        }

        _current = next;
    }

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);

    // rename(2) replaces a link to a directory by another atomically; File.Move and Directory.Move do not.
    [DllImport("libc", EntryPoint = "rename", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Rename([MarshalAs(UnmanagedType.LPUTF8Str)] string from, [MarshalAs(UnmanagedType.LPUTF8Str)] string to);
}
