using System.CommandLine;
using System.Net;
using GitGateway.Vip.Announcing;
using GitGateway.Vip.CommandLine;

namespace GitGateway.Proxy.Hosting;

/// <summary>
/// The command line of <c>gitgateway-proxy</c> (the conformance harness, bench/ and deploy/ depend on it staying
/// stable): the node's own options here, the others in the group of what they configure.
/// </summary>
internal sealed class ProxyCommandLine
{
    private readonly PlanSourceArguments _source = new();
    private readonly EdgeArguments _edge = new();
    private readonly LimitArguments _limits = new();
    private readonly UpstreamArguments _upstream = new();
    private readonly AnnouncerArguments _announcer = new();
    private readonly Option<string?> _backends = NodeOption.Text(
        "--backends", "FILE", "Service endpoints: {\"ns/name:port\": [\"host:port\", ...]}; unlisted Services resolve to name.ns.svc.cluster.local:port.");

    private readonly Option<IPAddress?> _listen = NodeOption.Address("--listen", "ADDRESS", "Address to bind listeners on.", defaultValue: IPAddress.Any);
    private readonly Option<Dictionary<int, int>?> _portMap = NodeOption.Value(
        "--port-map", "LIST", "Map Gateway ports to local ports, e.g. 80=18080,443=18443.", ParsePortMap, "a list of PORT=LOCALPORT with ports from 1 to 65535");

    private readonly Option<string?> _certDir = NodeOption.Text("--cert-dir", "DIR", "Certificates: DIR/<ns>/<name>/tls.crt + tls.key, DIR/<ns>/<name>/ca.crt.");
    private readonly Option<int?> _adminPort = NodeOption.OptionalInt("--admin-port", "N", "Serve /healthz, /readyz, /metrics on 127.0.0.1:N (0 = any free port).", 0, 65_535);
    private readonly Option<string?> _stateDir = NodeOption.Text("--state-dir", "DIR", "Keep the last good plan here and serve it at start.");
    private readonly Option<string?> _nodeName = NodeOption.NodeName();
    private readonly Option<string> _accessLog = NodeOption.Choice(
        "--access-log", "One JSON line per request on stdout; GITGATEWAY_ACCESS_LOG sets the default.", Environment.GetEnvironmentVariable("GITGATEWAY_ACCESS_LOG") ?? "on", "on", "off");

    private readonly Option<int> _drainSeconds = NodeOption.Int("--drain-seconds", "N", "On SIGTERM, wait up to N seconds for in-flight requests.", 0, 86_400, 15);
    private readonly Option<int> _unreadySeconds = NodeOption.Int(
        "--unready-seconds", "N", "On SIGTERM, answer /readyz 503 and keep serving for N seconds before draining, so load balancers checking /readyz stop sending first.", 0, 3_600, 0);

    private readonly Option<bool> _vip = NodeOption.Flag(
        "--vip", "Announce the plan's VIPs for this node by BGP while it serves them; on SIGTERM withdraw them, wait --withdraw-delay, then drain. The options after this one need it.");

    private readonly Option<bool> _gcAfterBurst = NodeOption.Flag(
        "--gc-after-burst", "Once no request has started for a second after a burst, collect and give the GC's spare memory back to the system (the next burst grows it again).");

    public ProxyCommandLine()
    {
        Command = new RootCommand("gitgateway-proxy: a GitGateway data-plane node serving a routing plan, from --plan FILE or from --control-plane URL.");
        foreach (var option in (IEnumerable<Option>)[.. _source.All, _backends, _listen, _portMap, _certDir, _adminPort, _stateDir, _nodeName, _accessLog, _drainSeconds, _unreadySeconds, _gcAfterBurst,
            .. _edge.All, .. _limits.All, .. _upstream.All, _vip, .. _announcer.All])
        {
            Command.Options.Add(option);
        }

        Command.Validators.Add(result =>
        {
            _source.Validate(result);
            _edge.Validate(result);
            _upstream.Validate(result);
            if (!NodeOption.Given(result, _vip) && _announcer.All.FirstOrDefault(o => NodeOption.Given(result, o)) is { } announcer)
            {
                result.AddError($"{announcer.Name} needs --vip");
            }
        });
    }

    public RootCommand Command { get; }

    /// <summary>The options of <paramref name="args"/>, or null with the usage error (null for --help and --version).</summary>
    public static ProxyOptions? Parse(IReadOnlyList<string> args, out string? error)
    {
        var commandLine = new ProxyCommandLine();
        var parse = commandLine.Parse(args);
        error = NodeCommandLine.Error(parse);
        return error is null && parse.Action is null ? commandLine.Read(parse) : null;
    }

    public ParseResult Parse(IReadOnlyList<string> args) => NodeCommandLine.Parse(Command, args);

    /// <summary>The options of a command line that parsed.</summary>
    public ProxyOptions Read(ParseResult parse)
    {
        var nodeName = NodeOption.NodeNameOrHost(parse, _nodeName);
        var vip = parse.GetValue(_vip);
        return new ProxyOptions(
            parse.GetValue(_source.Plan),
            parse.GetValue(_backends),
            parse.GetRequiredValue(_listen)!,
            parse.GetValue(_portMap) ?? [],
            parse.GetValue(_certDir),
            parse.GetValue(_adminPort),
            parse.GetValue(_stateDir),
            nodeName,
            !string.Equals(parse.GetValue(_accessLog), "off", StringComparison.OrdinalIgnoreCase),
            TimeSpan.FromSeconds(parse.GetValue(_drainSeconds)),
            vip ? _announcer.Read(parse, nodeName) : null,
            vip ? _announcer.ReadWithdrawDelay(parse) : TimeSpan.Zero,
            _source.ReadControlPlane(parse),
            parse.GetValue(_source.NodeTokenFile),
            parse.GetValue(_source.Repository),
            parse.GetValue(_source.Subscribe) == "events")
        {
            Edge = _edge.Read(parse),
            Limits = _limits.Read(parse),
            Kubernetes = _upstream.ReadKubernetes(parse),
            CertificatesFromApi = _upstream.ReadCertificatesFromApi(parse),
            LoadBalancing = _upstream.ReadLoadBalancing(parse),
            Upstream = _upstream.ReadConnections(parse),
            UnreadyGrace = TimeSpan.FromSeconds(parse.GetValue(_unreadySeconds)),
            GcAfterBurst = parse.GetValue(_gcAfterBurst),
        };
    }

    private static (bool, Dictionary<int, int>?) ParsePortMap(string text)
    {
        var map = new Dictionary<int, int>();
        foreach (var pair in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = pair.Split('=');
            if (parts.Length != 2 || !IsPort(parts[0], out var port) || !IsPort(parts[1], out var local))
            {
                return (false, null);
            }

            map[port] = local;
        }

        return (true, map);
    }

    private static bool IsPort(string text, out int port) =>
        int.TryParse(text.Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out port) && port is >= 1 and <= 65_535;
}
