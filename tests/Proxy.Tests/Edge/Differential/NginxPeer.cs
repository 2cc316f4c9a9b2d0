using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using GitGateway.Fixtures;

namespace GitGateway.Proxy.Tests.Edge.Differential;

/// <summary>
/// A real nginx in the foreground (<c>daemon off</c>, one process), on 127.0.0.1, with one server per
/// differential case: listen port i proxies to backend i with nginx's defaults, except the short timeouts a test
/// needs. Off CI a missing nginx skips naming the Debian package; it is stopped by its PID.
/// </summary>
internal sealed class NginxPeer : IAsyncDisposable
{
    private readonly Process _process;

    private NginxPeer(Process process, string directory, int[] ports)
    {
        _process = process;
        Directory = directory;
        Ports = ports;
    }

    public string Directory { get; }

    /// <summary>The port of the server in front of each backend, in the order given.</summary>
    public int[] Ports { get; }

    public static async Task<NginxPeer> StartAsync(IReadOnlyList<int> backendPorts, CancellationToken cancellationToken)
    {
        var nginx = Peer.Require("nginx", "nginx");
        var directory = Path.Combine(Path.GetTempPath(), "gg-nginx-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(directory);
        var ports = backendPorts.Select(_ => GitGateway.Fixtures.Ports.FreeTcp()).ToArray();
        var config = Path.Combine(directory, "nginx.conf");
        await File.WriteAllTextAsync(config, Config(directory, ports, backendPorts), cancellationToken);
        var info = new ProcessStartInfo(nginx, ["-p", directory, "-c", config, "-e", Path.Combine(directory, "error.log")])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        var peer = new NginxPeer(Process.Start(info)!, directory, ports);
        try
        {
            await peer.WaitListeningAsync(cancellationToken);
            return peer;
        }
        catch
        {
            await peer.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
        }

        await _process.WaitForExitAsync(CancellationToken.None);
        _process.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // best effort
        }
    }

    private static string Config(string directory, int[] ports, IReadOnlyList<int> backendPorts)
    {
        var servers = string.Concat(ports.Select((port, i) =>
            $"  server {{ listen 127.0.0.1:{port}; location / {{ proxy_pass http://127.0.0.1:{backendPorts[i].ToString(CultureInfo.InvariantCulture)}; }} }}\n"));
        return $$"""
            daemon off;
            master_process off;
            worker_processes 1;
            error_log {{directory}}/error.log;
            pid {{directory}}/nginx.pid;
            events { worker_connections 1024; }
            http {
              access_log off;
              client_body_temp_path {{directory}}/body;
              proxy_temp_path {{directory}}/proxy;
              fastcgi_temp_path {{directory}}/fastcgi;
              uwsgi_temp_path {{directory}}/uwsgi;
              scgi_temp_path {{directory}}/scgi;
              keepalive_timeout 1s;
              client_header_timeout 3s;
              client_body_timeout 3s;
              proxy_connect_timeout 3s;
              proxy_read_timeout 3s;
              proxy_send_timeout 3s;
            {{servers}}}

            """;
    }

    private async Task WaitListeningAsync(CancellationToken cancellationToken)
    {
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bound.CancelAfter(TimeSpan.FromSeconds(30));
        foreach (var port in Ports)
        {
            while (true)
            {
                if (_process.HasExited)
                {
                    throw new InvalidOperationException($"nginx exited: {await _process.StandardError.ReadToEndAsync(cancellationToken)}");
                }

                try
                {
                    using var probe = new TcpClient();
                    await probe.ConnectAsync(IPAddress.Loopback, port, bound.Token);
                    break;
                }
                catch (SocketException)
                {
                    await Task.Delay(50, bound.Token);
                }
            }
        }
    }
}
