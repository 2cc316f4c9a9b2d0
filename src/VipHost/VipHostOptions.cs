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
    TimeSpan PollInterval,
    int MinVips)
{
    public const string Usage = """
        usage: gitgateway-vip --plan plan.json (--ready-url http://127.0.0.1:<admin>/readyz | --always-ready) [options]
          --node-name NAME          this node (default: the host name)
          --status-port N           serve /status (JSON) and /metrics on --status-address (default 127.0.0.1)
          --poll-interval MS        readiness and plan polling interval (default 200)
          --min-vips N              refuse a plan that gives this node fewer VIPs (default 1; 0 accepts an empty set)
        """ + AnnouncerArguments.Usage;

    public static VipHostOptions Parse(string[] args)
    {
        var values = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var flags = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i].StartsWith("--", StringComparison.Ordinal) ? args[i][2..] : "";
            if (name == "always-ready" || AnnouncerArguments.FlagOptions.Contains(name))
            {
                flags.Add(name);
                continue;
            }

            if (name.Length == 0 || i + 1 >= args.Length)
            {
                throw new ArgumentException($"unexpected argument '{args[i]}'");
            }

            if (!values.TryGetValue(name, out var list))
            {
                values[name] = list = [];
            }

            list.Add(args[++i]);
        }

        string? One(string name) => values.TryGetValue(name, out var v) ? v[^1] : null;
        int? Int(string name) => One(name) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : null;
        var plan = One("plan") ?? throw new ArgumentException("--plan is required");
        var ready = One("ready-url");
        if (ready is null && !flags.Contains("always-ready"))
        {
            throw new ArgumentException("give --ready-url or --always-ready");
        }

        return new VipHostOptions(
            plan,
            AnnouncerArguments.Build(One("node-name") ?? Environment.MachineName, values, flags),
            ready is null ? null : new Uri(ready),
            flags.Contains("always-ready"),
            One("status-address") is { } address ? IPAddress.Parse(address) : IPAddress.Loopback,
            Int("status-port"),
            AnnouncerArguments.WithdrawDelay(values),
            TimeSpan.FromMilliseconds(Int("poll-interval") ?? 200),
            Int("min-vips") is { } floor ? (floor >= 0 ? floor : throw new FormatException("--min-vips must be 0 or more")) : PlanIntake.DefaultMinVips);
    }
}
