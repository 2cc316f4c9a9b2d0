namespace GitGateway.Reconciler.Import;

/// <summary>
/// Writes imported files under the repository, refusing anything that would land outside the team's folder (after
/// resolving the path), pass through a symbolic link, or replace a file the import did not write itself.
/// </summary>
internal static class ImportWriter
{
    /// <summary>The first lines of files an import writes; only such a file may be replaced by a new import.</summary>
    public static readonly string[] OwnHeaders = ["# Converted from Ingress ", "# Ingress import"];

    /// <summary>Null when every file may be written, else why not.</summary>
    public static string? Check(string root, string teamDir, IEnumerable<string> relativePaths)
    {
        var rootFull = Path.GetFullPath(root);
        var team = Path.GetFullPath(Path.Combine(rootFull, teamDir)) + Path.DirectorySeparatorChar;
        foreach (var relative in relativePaths)
        {
            var full = Path.GetFullPath(Path.Combine(rootFull, relative));
            if (!full.StartsWith(team, StringComparison.Ordinal))
            {
                return $"{relative} would be written outside {teamDir}/";
            }

            for (var dir = Path.GetDirectoryName(full); dir is not null && dir.Length >= rootFull.Length; dir = Path.GetDirectoryName(dir))
            {
                if (Directory.Exists(dir) && new DirectoryInfo(dir).LinkTarget is not null)
                {
                    return $"{Path.GetRelativePath(rootFull, dir)} is a symbolic link; the import does not write through links";
                }
            }

            if (File.Exists(full) && (new FileInfo(full).LinkTarget is not null || !IsOwn(full)))
            {
                return $"{relative} exists and was not written by an import: move it away or pick another --team";
            }
        }

        return null;
    }

    public static void Write(string root, string relative, string content)
    {
        var full = Path.GetFullPath(Path.Combine(root, relative));
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content);
    }

    private static bool IsOwn(string path)
    {
        using var reader = new StreamReader(path);
        var first = reader.ReadLine() ?? "";
        return OwnHeaders.Any(h => first.StartsWith(h, StringComparison.Ordinal));
    }
}
