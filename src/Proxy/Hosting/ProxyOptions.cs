using System.Globalization;
using System.Net;
using GitGateway.Proxy.Admission;
using GitGateway.Proxy.Forwarding;
using GitGateway.Vip.Announcing;

namespace GitGateway.Proxy.Hosting;

/// <summary>The command line of <c>gitgateway-proxy</c>; the conformance harness depends on it staying stable.</summary>
internal sealed record ProxyOptions(
    string? PlanPath,
    string? BackendsPath,
    IPAddress Listen,
    IReadOnlyDictionary<int, int> PortMap,
    string? CertDir,
    int? AdminPort,
    string? StateDir,
    string NodeName,
    bool AccessLog,
    TimeSpan Drain,
    AnnouncerOptions? Vip = null,
    TimeSpan WithdrawDelay = default,
    Uri? ControlPlane = null,
    string? NodeTokenFile = null,
    string? Repository = null,
    bool ServerSentEvents = false)
{
    /// <summary>Path, header and forwarded-header rules for requests (README "Edge defaults").</summary>
    public EdgePolicy Edge { get; init; } = EdgePolicy.Default;

    /// <summary>Connection, header and overload limits (README "Limits and defaults").</summary>
    public ConnectionLimits Limits { get; init; } = ConnectionLimits.Default;

    public const string Usage = $$"""
        gitgateway-proxy: a GitGateway data-plane node serving a routing plan

        usage: gitgateway-proxy --plan plan.json [options]
               gitgateway-proxy --control-plane URL --node-token-file FILE [options]

          --plan FILE            the routing plan (PlanJson); watched and reloaded on change
          --control-plane URL    follow the control plane instead (long-poll, ACK/NACK, readiness reports);
                                 the last plan received is kept in --state-dir and served while it is away
          --node-token-file FILE the bearer token for the control plane (or GITGATEWAY_NODE_TOKEN)
          --repository NAME      follow this repository of a control plane serving several (default: its first)
          --subscribe MODE       long-poll (default: a request per plan) or events (one server-sent event stream)
          --backends FILE        Service endpoints: {"ns/name:port": ["host:port", ...]}; unlisted Services
                                 resolve to name.ns.svc.cluster.local:port
          --listen ADDRESS       address to bind listeners on (default 0.0.0.0)
          --port-map LIST        map Gateway ports to local ports, e.g. 80=18080,443=18443
          --cert-dir DIR         certificates: DIR/<ns>/<name>/tls.crt + tls.key, DIR/<ns>/<name>/ca.crt
          --admin-port N         serve /healthz, /readyz, /metrics on 127.0.0.1:N (0 = any free port)
          --state-dir DIR        keep the last good plan here and serve it at start
          --node-name NAME       this node's name in reports (default: the host name)
          --access-log on|off    one JSON line per request on stdout (default on)
          --drain-seconds N      on SIGTERM, wait up to N seconds for in-flight requests (default 15)
          --escaped-slashes reject|keep
                                 a path with %2F or %5C: 400 (default) or kept encoded, never a separator
          --headers-with-underscores drop|reject|allow
                                 request headers named with '_': dropped (default), 400, or forwarded
          --trusted-proxies LIST CIDRs of load balancers whose X-Forwarded-* are kept and appended to
                                 (default none: the node is the edge and sets them from the connection)
          --trusted-hops N       X-Forwarded-For entries kept from a trusted proxy, from the right (default 1)
          --proxy-protocol on|off
                                 read a PROXY protocol v1/v2 header from the trusted proxies, which must send
                                 one; others are served directly and closed if they send one (default off)
        {{LimitArguments.Usage}}
          --vip                  announce the plan's VIPs for this node by BGP while it serves them; on
                                 SIGTERM withdraw them, wait --withdraw-delay, then drain. With --vip:
          --help                 show this text
        """ + AnnouncerArguments.Usage;

    /// <summary>Parses arguments; returns null and an error (or null error for --help).</summary>
    public static ProxyOptions? Parse(IReadOnlyList<string> args, out string? error)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var lists = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var flags = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            if (name is "--help" or "-h")
            {
                error = null;
                return null;
            }

            if (name is "--vip" or "--passive")
            {
                flags.Add(name[2..]);
                continue;
            }

            string key, value;
            if (name.StartsWith("--", StringComparison.Ordinal) && name.IndexOf('=', StringComparison.Ordinal) is > 2 and var eq)
            {
                (key, value) = (name[2..eq], name[(eq + 1)..]); // --name=value, as container manifests often write it
            }
            else if (!name.StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Count)
            {
                error = $"unexpected argument '{name}'";
                return null;
            }
            else
            {
                (key, value) = (name[2..], args[++i]);
            }

            values[key] = value;
            if (!lists.TryGetValue(key, out var list))
            {
                lists[key] = list = [];
            }

            list.Add(value);
        }

        try
        {
            return Build(values, lists, flags, out error);
        }
        catch (FormatException e)
        {
            error = e.Message;
            return null;
        }
    }

    private static ProxyOptions? Build(Dictionary<string, string> values, Dictionary<string, List<string>> lists, HashSet<string> flags, out string? error)
    {
        string[] known = ["plan", "control-plane", "node-token-file", "repository", "subscribe", "backends", "listen", "port-map", "cert-dir", "admin-port", "state-dir", "node-name", "access-log", "drain-seconds", .. EdgeArguments.Names, .. LimitArguments.Names];
        var vip = flags.Contains("vip");
        var unknown = values.Keys.FirstOrDefault(k => !known.Contains(k) && !(vip && AnnouncerArguments.ValueOptions.Contains(k)))
            ?? flags.FirstOrDefault(f => f != "vip" && !vip);
        if (unknown is not null)
        {
            error = vip || !AnnouncerArguments.ValueOptions.Contains(unknown) && unknown != "passive" ? $"unknown option --{unknown}" : $"--{unknown} needs --vip";
            return null;
        }

        var plan = values.GetValueOrDefault("plan");
        var controlPlane = values.TryGetValue("control-plane", out var url) ? new Uri(url.EndsWith('/') ? url : url + "/", UriKind.Absolute) : null;
        if ((plan is null) == (controlPlane is null))
        {
            error = "give one of --plan FILE or --control-plane URL";
            return null;
        }

        if (controlPlane is null && (values.ContainsKey("repository") || values.ContainsKey("subscribe")))
        {
            error = $"--{(values.ContainsKey("repository") ? "repository" : "subscribe")} needs --control-plane URL";
            return null;
        }

        if (values.GetValueOrDefault("subscribe", "long-poll") is not ("long-poll" or "events"))
        {
            error = "--subscribe is long-poll or events";
            return null;
        }

        if (EdgeArguments.Build(values, out error) is not { } edge || LimitArguments.Build(values, out error) is not { } limits)
        {
            return null;
        }

        var nodeName = values.GetValueOrDefault("node-name", Environment.MachineName);
        return new ProxyOptions(
            plan,
            values.GetValueOrDefault("backends"),
            IPAddress.Parse(values.GetValueOrDefault("listen", "0.0.0.0")),
            ParsePortMap(values.GetValueOrDefault("port-map", "")),
            values.GetValueOrDefault("cert-dir"),
            values.TryGetValue("admin-port", out var admin) ? int.Parse(admin, CultureInfo.InvariantCulture) : null,
            values.GetValueOrDefault("state-dir"),
            nodeName,
            !string.Equals(values.GetValueOrDefault("access-log", Environment.GetEnvironmentVariable("GITGATEWAY_ACCESS_LOG") ?? "on"), "off", StringComparison.OrdinalIgnoreCase),
            TimeSpan.FromSeconds(int.Parse(values.GetValueOrDefault("drain-seconds", "15"), CultureInfo.InvariantCulture)),
            vip ? AnnouncerArguments.Build(nodeName, lists, flags) : null,
            vip ? AnnouncerArguments.WithdrawDelay(lists) : TimeSpan.Zero,
            controlPlane,
            values.GetValueOrDefault("node-token-file"),
            values.GetValueOrDefault("repository"),
            values.GetValueOrDefault("subscribe") == "events")
        { Edge = edge, Limits = limits };
    }

    private static Dictionary<int, int> ParsePortMap(string text)
    {
        var map = new Dictionary<int, int>();
        foreach (var pair in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = pair.Split('=');
            if (parts.Length != 2)
            {
                throw new FormatException($"--port-map entry '{pair}' is not PORT=LOCALPORT");
            }

            map[int.Parse(parts[0], CultureInfo.InvariantCulture)] = int.Parse(parts[1], CultureInfo.InvariantCulture);
        }

        return map;
    }
}
