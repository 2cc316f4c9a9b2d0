using System.Globalization;
using GitGateway.Fixtures;
using GitGateway.Plan.Model;
using GitGateway.Plan.Serialization;

namespace GitGateway.Vip.Tests.Peers;

/// <summary>A <c>gitgateway-proxy --vip</c> process on loopback with its plan file, admin port and one mapped Gateway port.</summary>
internal sealed class ProxyNodeProcess : IDisposable
{
    private readonly DaemonProcess _daemon;
    private readonly string _dir;

    private ProxyNodeProcess(DaemonProcess daemon, string dir, int adminPort, int listenerPort)
    {
        _daemon = daemon;
        _dir = dir;
        AdminPort = adminPort;
        ListenerPort = listenerPort;
    }

    public int AdminPort { get; }

    /// <summary>The local port Gateway port 80 is mapped to.</summary>
    public int ListenerPort { get; }

    public string Log => _daemon.Output;

    public bool HasExited => _daemon.HasExited;

    /// <param name="port443">The local port Gateway port 443 is mapped to, or null to leave 443 unmapped.</param>
    public static async Task<ProxyNodeProcess> StartAsync(RoutingPlan plan, IEnumerable<string> arguments, CancellationToken cancellationToken, int? port443 = null)
    {
        var dir = Directory.CreateTempSubdirectory("gg-proxy-vip-").FullName;
        var planPath = Path.Combine(dir, "plan.json");
        await File.WriteAllBytesAsync(planPath, PlanJson.ToCanonicalBytes(plan), cancellationToken);
        var admin = Ports.FreeTcp();
        var listener = Ports.FreeTcp();
        var dotnet = Environment.ProcessPath is { } p && Path.GetFileNameWithoutExtension(p) == "dotnet" ? p : "dotnet";
        var daemon = DaemonProcess.Start(
            dotnet,
            [ExecutablePath(), "--plan", planPath, "--listen", "127.0.0.1", "--port-map", string.Create(CultureInfo.InvariantCulture, $"80={listener}{(port443 is { } tls ? $",443={tls}" : "")}"),
             "--admin-port", admin.ToString(CultureInfo.InvariantCulture), "--state-dir", Path.Combine(dir, "state"), "--access-log", "off",
             "--drain-seconds", "1", "--vip", "--connect-retry-min", "200", .. arguments]);
        return new ProxyNodeProcess(daemon, dir, admin, listener);
    }

    /// <summary>Sends SIGTERM without waiting.</summary>
    public Task TerminateAsync(CancellationToken cancellationToken) =>
        Command.RunAsync("kill", ["-TERM", _daemon.ProcessId.ToString(CultureInfo.InvariantCulture)], cancellationToken);

    public Task<int> WaitForExitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _daemon.WaitForExitAsync(timeout, cancellationToken);

    public void Dispose()
    {
        _daemon.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    private static string ExecutablePath() => BuiltProgram.Find("Vip.Tests", "Proxy", "gitgateway-proxy.dll");
}
