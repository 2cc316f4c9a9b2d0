using System.Globalization;
using GitGateway.Fixtures;
using GitGateway.Plan.Model;
using GitGateway.Plan.Serialization;

namespace GitGateway.Vip.Tests.Peers;

/// <summary>A <c>gitgateway-vip</c> process (optionally in a namespace) with a plan file the test can rewrite.</summary>
internal sealed class VipHostProcess : IDisposable
{
    private readonly DaemonProcess _daemon;
    private readonly string _dir;

    private VipHostProcess(DaemonProcess daemon, string dir, int statusPort)
    {
        _daemon = daemon;
        _dir = dir;
        StatusPort = statusPort;
    }

    public int StatusPort { get; }

    public string Log => _daemon.Output;

    public bool HasExited => _daemon.HasExited;

    public string PlanPath => Path.Combine(_dir, "plan.json");

    public static async Task<VipHostProcess> StartAsync(RoutingPlan plan, IEnumerable<string> arguments, CancellationToken cancellationToken, string? netns = null, int? statusPort = null)
    {
        var dir = Directory.CreateTempSubdirectory("gg-vip-").FullName;
        await File.WriteAllBytesAsync(Path.Combine(dir, "plan.json"), PlanJson.ToCanonicalBytes(plan), cancellationToken);
        var status = statusPort ?? Ports.FreeTcp();
        var dotnet = Environment.ProcessPath is { } p && Path.GetFileNameWithoutExtension(p) == "dotnet" ? p : "dotnet";
        var daemon = DaemonProcess.Start(
            netns is null ? dotnet : Peer.Find("dotnet") ?? dotnet,
            [ExecutablePath(), "--plan", Path.Combine(dir, "plan.json"), "--status-port", status.ToString(CultureInfo.InvariantCulture),
             "--poll-interval", "50", "--connect-retry-min", "200", .. arguments],
            netns);
        return new VipHostProcess(daemon, dir, status);
    }

    public Task WritePlanAsync(RoutingPlan plan, CancellationToken cancellationToken) =>
        File.WriteAllBytesAsync(PlanPath, PlanJson.ToCanonicalBytes(plan), cancellationToken);

    /// <summary>Sends SIGTERM and waits for the process to exit.</summary>
    public async Task<int> TerminateAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var pid = _daemon.ProcessId;
        await Command.RunAsync("kill", ["-TERM", pid.ToString(CultureInfo.InvariantCulture)], cancellationToken);
        return await _daemon.WaitForExitAsync(timeout, cancellationToken);
    }

    public void Dispose()
    {
        _daemon.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    private static string ExecutablePath() => BuiltProgram.Find("Vip.Tests", "VipHost", "gitgateway-vip.dll");
}
