using System.Globalization;
using GitGateway.Fixtures;

namespace GitGateway.Vip.Tests.Peers;

/// <summary>BIRD 2 in the foreground inside a namespace, with its own config and control socket.</summary>
internal sealed class BirdPeer : IDisposable
{
    private readonly DaemonProcess _daemon;
    private readonly string _dir;

    private BirdPeer(DaemonProcess daemon, string dir)
    {
        _daemon = daemon;
        _dir = dir;
    }

    public string Socket => Path.Combine(_dir, "bird.ctl");

    public string Log => _daemon.Output;

    /// <summary>Starts BIRD with <paramref name="config"/> (the caller's protocols) in <paramref name="netns"/>.</summary>
    public static async Task<BirdPeer> StartAsync(string netns, string config, CancellationToken cancellationToken)
    {
        var bird = Peer.Require("bird", "bird2");
        Peer.Require("birdc", "bird2");
        var dir = Directory.CreateTempSubdirectory("gg-bird-").FullName;
        var path = Path.Combine(dir, "bird.conf");
        await File.WriteAllTextAsync(path, config, cancellationToken);
        var peer = new BirdPeer(DaemonProcess.Start(bird, ["-c", path, "-s", Path.Combine(dir, "bird.ctl"), "-f"], netns), dir);
        var (code, _) = await Command.PollAsync(() => peer.BirdcAsync("show status", cancellationToken), r => r.ExitCode == 0, TimeSpan.FromSeconds(10), cancellationToken);
        if (code != 0)
        {
            peer.Dispose();
            throw new InvalidOperationException("bird did not start: " + peer.Log);
        }

        return peer;
    }

    /// <summary>A single eBGP neighbor, passive, importing everything (the speaker under test dials in).</summary>
    public static string EbgpConfig(string routerId, string local, uint localAs, string neighbor, uint neighborAs, string extra = "") =>
        string.Create(CultureInfo.InvariantCulture, $$"""
            router id {{routerId}};
            protocol device { scan time 10; }
            protocol bgp gg {
              local {{local}} as {{localAs}};
              neighbor {{neighbor}} as {{neighborAs}};
              passive on;
              {{extra}}
              ipv4 { import all; export none; };
            }
            """);

    public Task<(int ExitCode, string Output)> BirdcAsync(string command, CancellationToken cancellationToken) =>
        Command.RunAsync(Peer.Find("birdc")!, ["-s", Socket, .. command.Split(' ')], cancellationToken);

    /// <summary><c>show route all</c> for one prefix; empty when absent.</summary>
    public async Task<string> RouteAsync(string prefix, CancellationToken cancellationToken)
    {
        var (_, output) = await BirdcAsync("show route " + prefix + " all", cancellationToken);
        return output.Contains(prefix, StringComparison.Ordinal) ? output : "";
    }

    public void Dispose()
    {
        _daemon.Dispose();
        Directory.Delete(_dir, recursive: true);
    }
}
