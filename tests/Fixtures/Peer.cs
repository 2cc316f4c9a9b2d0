using Xunit;

namespace GitGateway.Fixtures;

/// <summary>
/// Finds the real programs tests run against. Off CI a missing program skips the test with a message naming
/// the Debian package; with <c>CI=true</c> it fails the test, because CI installs every peer.
/// </summary>
public static class Peer
{
    /// <summary>True when running under CI (<c>CI=true</c>).</summary>
    public static bool OnCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Returns the full path of <paramref name="program"/>, or skips/fails the test naming <paramref name="debianPackage"/>.</summary>
    public static string Require(string program, string debianPackage)
    {
        var path = Find(program);
        if (path is not null)
        {
            return path;
        }

        var message = $"'{program}' not found: install the Debian package '{debianPackage}' (apt-get install -y --no-install-recommends {debianPackage})";
        if (OnCi)
        {
            Assert.Fail(message);
        }

        Assert.Skip(message);
        return ""; // unreachable: Assert.Skip throws
    }

    /// <summary>Skips (or fails on CI) unless the process may create network namespaces.</summary>
    public static void RequireRoot(string why)
    {
        if (Environment.UserName == "root" || Environment.GetEnvironmentVariable("USER") == "root")
        {
            return;
        }

        var message = $"needs root to {why}";
        if (OnCi)
        {
            Assert.Fail(message);
        }

        Assert.Skip(message);
    }

    /// <summary>The full path of a program on PATH or in the sbin folders, or null.</summary>
    public static string? Find(string program)
    {
        if (Path.IsPathRooted(program))
        {
            return File.Exists(program) ? program : null;
        }

        var dirs = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Concat(["/usr/sbin", "/sbin", "/usr/lib/frr", "/usr/local/sbin"]);
        foreach (var dir in dirs)
        {
            var candidate = Path.Combine(dir, program);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
