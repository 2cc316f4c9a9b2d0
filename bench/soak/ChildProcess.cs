using System.Diagnostics;
using System.Globalization;

namespace GitGateway.Soak;

/// <summary>One program the soak runs (<c>dotnet X.dll args</c>), its output kept in a log file; killed by its own id.</summary>
internal sealed class ChildProcess(string name, string dll, IReadOnlyList<string> args, string log) : IDisposable
{
    private Process? _process;

    public string Name { get; } = name;

    public int? Id => _process is { HasExited: false } p ? p.Id : null;

    public void Start()
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(dll);
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        info.Environment["DOTNET_gcServer"] = "0";
        var writer = new StreamWriter(log, append: true) { AutoFlush = true };
        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start " + dll);
        process.OutputDataReceived += (_, e) => Write(writer, e.Data);
        process.ErrorDataReceived += (_, e) => Write(writer, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
    }

    /// <summary>SIGKILL: nothing drains, what was in flight is lost.</summary>
    public void Kill()
    {
        if (_process is { HasExited: false } p)
        {
            p.Kill();
            p.WaitForExit(10_000);
        }
    }

    /// <summary>Resident memory in MiB (VmRSS from /proc), or null when it is not running.</summary>
    public double? RssMiB() => Id is { } id ? ProcRss(id) : null;

    public static double? ProcRss(int id)
    {
        try
        {
            var line = File.ReadLines($"/proc/{id}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
            return line is null ? null : double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
        }
        catch (IOException)
        {
            return null;
        }
    }

    public void Dispose()
    {
        if (_process is { HasExited: false } p)
        {
            // SIGTERM first, so a node drains as it would in a rolling restart.
            Process.Start("kill", ["-TERM", p.Id.ToString(CultureInfo.InvariantCulture)])?.WaitForExit();
            if (!p.WaitForExit(20_000))
            {
                p.Kill();
            }
        }

        _process?.Dispose();
    }

    private static void Write(StreamWriter writer, string? line)
    {
        if (line is not null)
        {
            lock (writer)
            {
                writer.WriteLine(line);
            }
        }
    }
}
