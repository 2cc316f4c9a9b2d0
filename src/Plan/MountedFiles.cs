using System.Text.RegularExpressions;

namespace GitGateway.Plan;

/// <summary>
/// Names in a plan that become paths on a node (certificate and secret references): they must be DNS-1123 names,
/// and the file they lead to must lie inside the node's directory once every symbolic link is resolved. A mounted
/// Kubernetes Secret's <c>..data</c> links stay inside; a link to <c>/etc/shadow</c> or a name like
/// <c>../../etc</c> does not. Key material never travels in a plan: only these names do.
/// </summary>
public static partial class MountedFiles
{
    /// <summary>True when <paramref name="name"/> is a DNS-1123 subdomain of at most <paramref name="maxLength"/> characters.</summary>
    public static bool IsName(string name, int maxLength = 253)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.Length <= maxLength && Dns1123().IsMatch(name);
    }

    /// <summary>
    /// The real path of the existing file <paramref name="path"/> when it lies inside <paramref name="directory"/>;
    /// null when it does not exist or leads out. A link cycle or an unreadable link throws <see cref="IOException"/>.
    /// </summary>
    public static string? Inside(string directory, string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        var root = RealPath(Path.GetFullPath(directory));
        var real = RealPath(path);
        return real.StartsWith(root.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar, StringComparison.Ordinal)
            ? real
            : null;
    }

    private static string RealPath(string path)
    {
        var full = Path.GetFullPath(path);
        var parent = Path.GetDirectoryName(full);
        var resolvedParent = parent is null || parent == full ? parent : RealPath(parent);
        var joined = resolvedParent is null ? full : Path.Combine(resolvedParent, Path.GetFileName(full));
        var info = new FileInfo(joined);
        return info.LinkTarget is not null && info.ResolveLinkTarget(returnFinalTarget: true) is { } target
            ? RealPath(target.FullName)
            : joined;
    }

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\\z", RegexOptions.CultureInvariant)]
    private static partial Regex Dns1123();
}
