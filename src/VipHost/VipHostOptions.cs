using System.Globalization;
using System.Net;
using GitGateway.Vip.Announcing;

namespace GitGateway.VipHost;

/// <summary>The command line of <c>gitgateway-vip</c>.</summary>
internal sealed record VipHostOptions(
    string PlanPath,
    AnnouncerOptions Announcer,
    Uri? ReadyUrl,
    bool AlwaysReady,
    IPAddress StatusAddress,
    int? StatusPort,
    TimeSpan WithdrawDelay,
    TimeSpan PollInterval)
{
    public const string Usage = """
        usage: gitgateway-vip --plan plan.json (--ready-url http://127.0.0.1:<admin>/readyz | --always-ready) [options]
          --node-name NAME          this node (default: the host name)
          --node-label KEY=VALUE    a label matched against VIP nodeSelectors (repeatable)
          --router-id A.B.C.D       override the plan's router ID
          --status-port N           serve /status (JSON) and /metrics on --status-address (default 127.0.0.1)
          --next-hop-v4 ADDR, --next-hop-v6 ADDR, --local-address ADDR
          --listen-port N           accept BGP connections from configured peers on this port
          --passive                 never dial peers; wait for them on --listen-port
          --bfd-port N              BFD control port (default 3784)
          --vip-interface NAME      add announced VIP addresses to this dummy interface (off by default)
          --withdraw-delay SECONDS  on SIGTERM, wait this long after withdrawing (default 5)
          --poll-interval MS        readiness and plan polling interval (default 200)
          --connect-retry-min MS    first BGP reconnect delay (default 1000)
        """;

    public static VipHostOptions Parse(string[] args)
    {
        var values = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var flags = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            if (name is "--always-ready" or "--passive")
            {
                flags.Add(name);
                continue;
            }

            if (!name.StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
            {
                throw new ArgumentException($"unexpected argument '{name}'");
            }

            if (!values.TryGetValue(name, out var list))
            {
                values[name] = list = [];
            }

            list.Add(args[++i]);
        }

        string? One(string name) => values.TryGetValue(name, out var v) ? v[^1] : null;
        IPAddress? Address(string name) => One(name) is { } text ? IPAddress.Parse(text) : null;
        int? Int(string name) => One(name) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : null;
        var plan = One("--plan") ?? throw new ArgumentException("--plan is required");
        var ready = One("--ready-url");
        if (ready is null && !flags.Contains("--always-ready"))
        {
            throw new ArgumentException("give --ready-url or --always-ready");
        }

        var labels = (values.GetValueOrDefault("--node-label") ?? []).Select(l => l.Split('=', 2)).ToDictionary(p => p[0], p => p.Length > 1 ? p[1] : "", StringComparer.Ordinal);
        var announcer = new AnnouncerOptions(
            One("--node-name") ?? Environment.MachineName,
            labels,
            Address("--router-id"),
            Address("--next-hop-v4"),
            Address("--next-hop-v6"),
            Address("--local-address"),
            flags.Contains("--passive"),
            TimeSpan.FromMilliseconds(Int("--connect-retry-min") ?? 1000),
            TimeSpan.FromSeconds(30),
            Int("--bfd-port") ?? 3784,
            One("--vip-interface"),
            Int("--listen-port"));
        return new VipHostOptions(
            plan,
            announcer,
            ready is null ? null : new Uri(ready),
            flags.Contains("--always-ready"),
            Address("--status-address") ?? IPAddress.Loopback,
            Int("--status-port"),
            TimeSpan.FromSeconds(double.Parse(One("--withdraw-delay") ?? "5", CultureInfo.InvariantCulture)),
            TimeSpan.FromMilliseconds(Int("--poll-interval") ?? 200));
    }
}
