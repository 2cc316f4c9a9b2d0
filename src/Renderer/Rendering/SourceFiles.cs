using GitGateway.Renderer.Diagnostics;
using GitGateway.Renderer.Layout;
using GitGateway.Renderer.Manifests;

namespace GitGateway.Renderer.Rendering;

/// <summary>
/// Reads manifests from disk into <see cref="SourceFile"/>s: files named on the command line and, recursively,
/// the <c>*.yaml</c>/<c>*.yml</c> files of directories. Dot-directories (<c>.git</c>, <c>.github</c>) are
/// skipped. Symbolic links inside a directory are never followed (a link can point outside the repository, and
/// Git stores it as a path, not as content): each is reported instead. Files over <see cref="MaxFileBytes"/> are
/// reported, not read. Paths are repo-relative with forward slashes and sorted, so the order of the input never
/// depends on the file system. A directory's <c>gitgateway.yaml</c> caps the files and bytes read
/// (<see cref="RepoLimits"/>): past a cap the walk counts on but reads nothing more.
/// </summary>
public static class SourceFiles
{
    /// <summary>
    /// The largest manifest file read, in bytes (1 MiB, below the 1.5 MiB a Kubernetes object may take in etcd).
    /// Bigger files are reported with <see cref="FileTooLargeCode"/>; the Git reader applies the same limit.
    /// </summary>
    public const int MaxFileBytes = 1024 * 1024;

    /// <summary>Diagnostic code for a file over <see cref="MaxFileBytes"/>.</summary>
    public const string FileTooLargeCode = "FileTooLarge";

    /// <summary>Diagnostic code for a symbolic link that was not followed.</summary>
    public const string SymlinkCode = "SymlinkNotFollowed";

    /// <summary>Diagnostic code for a path on the command line that does not exist.</summary>
    public const string PathNotFoundCode = "PathNotFound";

    /// <summary>Diagnostic code for a file that exists but cannot be read.</summary>
    public const string UnreadableCode = "FileUnreadable";

    /// <summary>True for a repo-relative path the renderer reads: a YAML file outside any dot-directory.</summary>
    public static bool IsManifestPath(string repoRelativePath)
    {
        ArgumentNullException.ThrowIfNull(repoRelativePath);
        var segments = repoRelativePath.Split('/');
        for (var i = 0; i < segments.Length - 1; i++)
        {
            if (segments[i].StartsWith('.'))
            {
                return false;
            }
        }

        return HasManifestExtension(segments[^1]);
    }

    /// <summary>True for a file name ending in <c>.yaml</c> or <c>.yml</c> (any case).</summary>
    public static bool HasManifestExtension(string fileName) =>
        fileName.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) ||
        fileName.EndsWith(".yml", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Reads each path: a directory is the root of its files (paths relative to it, so a repository's
    /// <c>gitgateway.yaml</c> is found at the top); a file given as a relative path is named relative to <paramref name="baseDirectory"/>, an absolute one keeps its full path.
    /// A path given explicitly is read even when it is a link; links found while walking a directory are not.
    /// </summary>
    public static Result Read(IEnumerable<string> paths, string baseDirectory)
    {
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(baseDirectory);
        var files = new List<SourceFile>();
        var diagnostics = new List<Diagnostic>();
        var bytes = new FileBytes();
        var overCap = false;
        foreach (var path in paths)
        {
            var full = Path.GetFullPath(path, baseDirectory);
            if (Directory.Exists(full))
            {
                overCap |= ReadTree(full, files, diagnostics, bytes);
            }
            else if (File.Exists(full))
            {
                // A file keeps the name it was given (normalised), so diagnostics point where the user looks.
                var name = Path.IsPathRooted(path) ? ToForwardSlashes(full) : Relative(baseDirectory, full);
                ReadFile(new FileInfo(full), name, files, diagnostics, bytes);
            }
            else
            {
                diagnostics.Add(Error(PathNotFoundCode, ToForwardSlashes(path), $"'{path}' does not exist: name a manifest file or a directory of them."));
            }
        }

        files.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        diagnostics.Sort((a, b) => string.CompareOrdinal(a.File, b.File));
        return new Result(files, diagnostics) { OverRepositoryCap = overCap };
    }

    /// <summary>Reads one directory tree, its files named relative to <paramref name="directory"/>.</summary>
    public static Result ReadDirectory(string directory)
    {
        // Made absolute first: a relative directory read against itself would be looked for inside itself.
        var full = Path.GetFullPath(directory);
        return Read([full], full);
    }

    // A directory is a repository: its gitgateway.yaml (read first) sets the caps on files and bytes, counted while
    // walking; past a cap no further file is read, and only gitgateway.yaml and the cap's error are returned (true).
    private static bool ReadTree(string root, List<SourceFile> files, List<Diagnostic> diagnostics, FileBytes bytes)
    {
        var configs = new List<SourceFile>();
        var configFile = new FileInfo(Path.Combine(root, GitGatewayConfig.FileName));
        if (configFile.Exists && configFile.LinkTarget is null)
        {
            ReadFile(configFile, GitGatewayConfig.FileName, configs, [], bytes);
        }

        var config = configs.Count == 0 ? null : RepoLayout.Load(configs).Config;
        var counter = new LimitCounter((config?.Limits ?? RepoLimits.Default).Repository);
        var found = new List<SourceFile>();
        var reported = new List<Diagnostic>();
        Walk(new DirectoryInfo(root), root, found, reported, counter, bytes);
        files.AddRange(counter.IsOver ? configs : found);
        diagnostics.AddRange(counter.IsOver ? counter.Diagnostics(config) : reported);
        return counter.IsOver;
    }

    private static void Walk(DirectoryInfo directory, string root, List<SourceFile> files, List<Diagnostic> diagnostics, LimitCounter counter, FileBytes bytes)
    {
        FileSystemInfo[] entries;
        try
        {
            entries = directory.GetFileSystemInfos();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            diagnostics.Add(Error(UnreadableCode, Relative(root, directory.FullName), $"cannot list this directory ({e.Message}); fix its permissions."));
            return;
        }

        foreach (var entry in entries)
        {
            var relative = Relative(root, entry.FullName);
            if (entry is DirectoryInfo sub)
            {
                if (IsLink(sub))
                {
                    NotFollowed(relative, sub.LinkTarget, diagnostics, counter);
                }
                else if (!sub.Name.StartsWith('.'))
                {
                    Walk(sub, root, files, diagnostics, counter, bytes);
                }
            }
            else if (entry is FileInfo file && HasManifestExtension(file.Name))
            {
                ReadWalked(file, relative, files, diagnostics, counter, bytes);
            }
        }
    }

    // A file the walk found: its length from its status (lstat), then, on Linux, opened without following a link, so
    // the kernel tells a link from a file (also one that became a link after the status was read) and the attributes
    // are never asked for. Where that open is not made or fails, the attributes say, and the runtime's open reads the
    // file (and says why it cannot).
    internal static void ReadWalked(FileInfo file, string relative, List<SourceFile> files, List<Diagnostic> diagnostics, LimitCounter counter, FileBytes bytes)
    {
        long length;
        try
        {
            length = file.Length; // the status is read here: a file removed since the listing has none
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            diagnostics.Add(Unreadable(relative, e));
            return;
        }

        using var opened = NoFollowFile.Open(file.FullName);
        if (opened.IsLink || (!opened.IsOpen && IsLink(file)))
        {
            if (file.LinkTarget is { } target)
            {
                NotFollowed(relative, target, diagnostics, counter);
                return;
            }
        }

        counter.Add(relative, length, read: length <= MaxFileBytes);
        if (!counter.IsOver)
        {
            ReadFile(file, relative, files, diagnostics, bytes, opened);
        }
    }

    private static void NotFollowed(string relative, string? target, List<Diagnostic> diagnostics, LimitCounter counter)
    {
        counter.Add(relative, 0, read: false);
        diagnostics.Add(Error(SymlinkCode, relative, $"symbolic link to '{target}' is not followed: replace it with the file's content."));
    }

    private static void ReadFile(FileInfo file, string relative, List<SourceFile> files, List<Diagnostic> diagnostics, FileBytes bytes, NoFollowFile opened = default)
    {
        try
        {
            if (file.Length > MaxFileBytes)
            {
                diagnostics.Add(TooLarge(relative, file.Length));
                return;
            }

            // Read one byte past the expected length: the file may grow between the length check and the read. The
            // file is kept where it was read (FileBytes), not copied.
            var buffer = bytes.Room((int)file.Length + 1);
            var total = opened.IsOpen ? ReadOpened(opened, buffer.Span, file.Length) : -1;
            if (total < 0)
            {
                // The runtime's open and read: also what says why a file cannot be read, in its words.
                using var handle = File.OpenHandle(file.FullName, FileMode.Open, FileAccess.Read, FileShare.Read);
                total = 0;
                int read;
                while (total < buffer.Length && (read = RandomAccess.Read(handle, buffer.Span[total..], total)) > 0)
                {
                    total += read;
                }
            }

            if (total == buffer.Length)
            {
                diagnostics.Add(Error(UnreadableCode, relative, "the file changed while it was read: run again."));
                return;
            }

            files.Add(new SourceFile(relative, bytes.Keep(buffer, total)));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            diagnostics.Add(Unreadable(relative, e));
        }
    }

    private static Diagnostic Unreadable(string relative, Exception e) =>
        Error(UnreadableCode, relative, $"cannot read this file ({e.Message}); fix its permissions.");

    // Reads an opened file into its room (its length from the walk plus one byte): the count read, the room's length
    // when the file grew, -1 on an error. A read that ends exactly at the walk's length is the whole file, so the read
    // that would only say "end of file" is not made; a shorter one (the file shrank) reads on to the end.
    private static int ReadOpened(NoFollowFile opened, Span<byte> room, long length)
    {
        var total = 0;
        while (total < room.Length)
        {
            var read = opened.Read(room[total..]);
            if (read <= 0)
            {
                return read < 0 ? -1 : total;
            }

            total += read;
            if (total == length)
            {
                return total;
            }
        }

        return total;
    }

    // Whether a walked entry is a symbolic link. The attributes come from the status the walk reads for the entry's
    // length anyway; only an entry they mark (or one whose status could not be read) asks for its target, so a
    // directory of plain files costs no readlink per file.
    private static bool IsLink(FileSystemInfo entry) =>
        (entry.Attributes & FileAttributes.ReparsePoint) != 0 && entry.LinkTarget is not null;

    /// <summary>The diagnostic for a file over the limit, shared with the Git reader.</summary>
    public static Diagnostic TooLarge(string relative, long size) => Error(FileTooLargeCode, relative,
        $"the file is {size} bytes, over the {MaxFileBytes}-byte limit per manifest file: split it into several files.");

    private static Diagnostic Error(string code, string file, string message) =>
        new(DiagnosticSeverity.Error, code, file, 1, 1, message);

    private static string Relative(string root, string full) => ToForwardSlashes(Path.GetRelativePath(root, full));

    private static string ToForwardSlashes(string path) => path.Replace('\\', '/');

    /// <summary>The files read, sorted by path, and what could not be read.</summary>
    public sealed record Result(IReadOnlyList<SourceFile> Files, IReadOnlyList<Diagnostic> Diagnostics)
    {
        /// <summary>
        /// Set when the repository is over its cap on files or bytes: its content was not read, <see cref="Files"/>
        /// holds <c>gitgateway.yaml</c> alone, and a render of it says nothing of what the commit would serve.
        /// </summary>
        public bool OverRepositoryCap { get; init; }
    }
}
