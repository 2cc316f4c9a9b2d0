using System.Diagnostics;
using System.Net.Sockets;
using GitGateway.Fixtures;

namespace GitGateway.Reconciler.Tests.Source;

/// <summary>A real <c>git daemon</c> on 127.0.0.1 and a free port serving a folder read-only; stopped on dispose.</summary>
internal sealed class GitDaemon : IDisposable
{
    private readonly Process _process;

    private GitDaemon(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    private int _disposed;

    public int Port { get; }

    public string Url(string repo) => $"git://127.0.0.1:{Port}/{repo}";

    public static async Task<GitDaemon> StartAsync(string basePath, CancellationToken cancellationToken)
    {
        Peer.Require("git", "git");
        var port = Ports.FreeTcp();
        var info = new ProcessStartInfo("git") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in new[] { "daemon", "--reuseaddr", "--export-all", "--listen=127.0.0.1", $"--port={port}", $"--base-path={basePath}", basePath })
        {
            info.ArgumentList.Add(a);
        }

        var process = Process.Start(info)!;
        var daemon = new GitDaemon(process, port);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", port, cancellationToken);
                return daemon;
            }
            catch (SocketException)
            {
                await Task.Delay(50, cancellationToken);
            }
        }

        daemon.Dispose();
        throw new TimeoutException("git daemon did not start");
    }

    /// <summary>Stops the daemon (again: a test may stop it early to make the remote unreachable).</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5000);
        }

        _process.Dispose();
    }
}
