using System.Diagnostics;
using GitGateway.Fixtures;

namespace GitGateway.Reconciler.Tests.Git;

/// <summary>A real Git working copy in a temporary directory, deleted on dispose.</summary>
internal sealed class TempGitRepository : IDisposable
{
    private TempGitRepository(string path) => Path = path;

    public string Path { get; }

    public static TempGitRepository Create()
    {
        Peer.Require("git", "git");
        var path = Directory.CreateTempSubdirectory("gitgateway-test-").FullName;
        var repo = new TempGitRepository(path);
        repo.Git("init", "-q", "-b", "main");
        repo.Git("config", "user.email", "test@example.com");
        repo.Git("config", "user.name", "Test");
        repo.Git("config", "commit.gpgsign", "false");
        return repo;
    }

    public void Write(string relativePath, string content)
    {
        var full = System.IO.Path.Combine(Path, relativePath);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content);
    }

    /// <summary>Copies a directory tree into the working copy.</summary>
    public void CopyFrom(string source)
    {
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var relative = System.IO.Path.GetRelativePath(source, file);
            var target = System.IO.Path.Combine(Path, relative);
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: true);
        }
    }

    public string Commit(string message)
    {
        Git("add", "-A");
        Git("commit", "-q", "--allow-empty", "-m", message);
        return Git("rev-parse", "HEAD");
    }

    /// <summary>Runs git in the working copy and returns its trimmed standard output; fails the test on error.</summary>
    public string Git(params string[] arguments) => Run(null, arguments);

    /// <summary>Runs git with <paramref name="input"/> on standard input.</summary>
    public string Run(string? input, params string[] arguments)
    {
        var info = new ProcessStartInfo("git")
        {
            WorkingDirectory = Path,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        foreach (var a in arguments)
        {
            info.ArgumentList.Add(a);
        }

        using var process = Process.Start(info)!;
        if (input is not null)
        {
            process.StandardInput.Write(input);
        }

        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(30)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("git " + string.Join(' ', arguments));
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"git {string.Join(' ', arguments)} failed: {stderr.Result}");
        }

        return stdout.Result.Trim();
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp directory is harmless; never fail a test over cleanup.
        }
    }
}
