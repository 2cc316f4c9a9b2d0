using System.Diagnostics;
using GitGateway.Fixtures;

namespace GitGateway.Reconciler.Tests.Source;

/// <summary>
/// A real repository for tests: a bare "origin" under a temporary root (what <c>git daemon</c> serves) and a
/// working clone to commit and push from. Deleted on dispose.
/// </summary>
internal sealed class GitTestRepo : IDisposable
{
    private GitTestRepo(string root)
    {
        Root = root;
        Bare = Path.Combine(root, "origin", "routing.git");
        Work = Path.Combine(root, "work");
    }

    public string Root { get; }

    public string Bare { get; }

    public string Work { get; }

    public static GitTestRepo Create()
    {
        Peer.Require("git", "git");
        var repo = new GitTestRepo(Path.Combine(Path.GetTempPath(), "gg-git-" + Guid.NewGuid().ToString("N")[..8]));
        Directory.CreateDirectory(repo.Bare);
        Run(repo.Bare, "init", "--bare", "--quiet", "--initial-branch=main");
        Run(repo.Root, "clone", "--quiet", repo.Bare, repo.Work);
        Run(repo.Work, "checkout", "--quiet", "-B", "main");
        return repo;
    }

    public void Write(string path, string content)
    {
        var full = Path.Combine(Work, path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content);
    }

    public void Delete(string path) => File.Delete(Path.Combine(Work, path));

    /// <summary>Commits everything and pushes the current branch; returns the commit.</summary>
    public string Commit(string message)
    {
        Run(Work, "add", "-A");
        Run(Work, "-c", "user.name=Test", "-c", "user.email=test@example.com", "commit", "--quiet", "--allow-empty", "-m", message);
        Run(Work, "push", "--quiet", "--force", "origin", "HEAD");
        return Head();
    }

    public void Checkout(string branch, bool create = false)
    {
        if (create)
        {
            Run(Work, "checkout", "--quiet", "-b", branch);
        }
        else
        {
            Run(Work, "checkout", "--quiet", branch);
        }
    }

    /// <summary>Merges <paramref name="branch"/> into the current branch with a merge commit, pushes, returns it.</summary>
    public string Merge(string branch)
    {
        Run(Work, "-c", "user.name=Test", "-c", "user.email=test@example.com", "merge", "--quiet", "--no-ff", "-m", "Merge " + branch, branch);
        Run(Work, "push", "--quiet", "origin", "HEAD");
        return Head();
    }

    public string Revert(string commit)
    {
        var args = new List<string> { "-c", "user.name=Test", "-c", "user.email=test@example.com", "revert", "--no-edit" };
        if (Run(Work, "rev-list", "--parents", "-n", "1", commit).Split(' ').Length > 2)
        {
            args.AddRange(["-m", "1"]);
        }

        args.Add(commit);
        Run(Work, [.. args]);
        Run(Work, "push", "--quiet", "origin", "HEAD");
        return Head();
    }

    public string Head() => Run(Work, "rev-parse", "HEAD");

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // a daemon still closing a file; the temp folder is cleaned by the OS
        }
    }

    public static string Run(string dir, params string[] args)
    {
        var info = new ProcessStartInfo("git") { WorkingDirectory = dir, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        info.Environment["GIT_CONFIG_GLOBAL"] = "/dev/null";
        using var p = Process.Start(info)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(30_000))
        {
            p.Kill(true);
            throw new TimeoutException("git " + string.Join(' ', args));
        }

        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException($"git {string.Join(' ', args)}: {stderr.Result}");
        }

        return stdout.Result.Trim();
    }
}
