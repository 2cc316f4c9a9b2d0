using System.Diagnostics;
using System.Text;

namespace GitGateway.Vip.Tests.Peers;

/// <summary>A daemon a test started; killed with its whole process tree on dispose, whatever happened.</summary>
internal sealed class DaemonProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private DaemonProcess(Process process) => _process = process;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public bool HasExited => _process.HasExited;

    public int ProcessId => _process.Id;

    /// <summary>Waits for exit; returns the exit code, or -1 when it did not exit in time.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            await _process.WaitForExitAsync(limit.Token);
            return _process.ExitCode;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return -1;
        }
    }

    /// <summary>Starts <paramref name="program"/>; with <paramref name="netns"/> inside that network namespace.</summary>
    public static DaemonProcess Start(string program, IEnumerable<string> arguments, string? netns = null, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(netns is null ? program : "ip")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory ?? Path.GetTempPath(),
        };
        if (netns is not null)
        {
            foreach (var a in new[] { "netns", "exec", netns, program })
            {
                start.ArgumentList.Add(a);
            }
        }

        foreach (var a in arguments)
        {
            start.ArgumentList.Add(a);
        }

        var process = new Process { StartInfo = start };
        var daemon = new DaemonProcess(process);
        process.OutputDataReceived += (_, e) => daemon.Append(e.Data);
        process.ErrorDataReceived += (_, e) => daemon.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return daemon;
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
            // already gone
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
