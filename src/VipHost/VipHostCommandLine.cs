using System.CommandLine;
using System.Net;
using GitGateway.Vip.Announcing;
using GitGateway.Vip.CommandLine;

namespace GitGateway.VipHost;

/// <summary>The command line of <c>gitgateway-vip</c>: its own options here, the announcer's from <see cref="AnnouncerArguments"/>.</summary>
internal sealed class VipHostCommandLine
{
    private readonly AnnouncerArguments _announcer = new();
    private readonly Option<string?> _plan = NodeOption.Text("--plan", "FILE", "The routing plan (PlanJson) to announce the VIPs of; polled for changes.");
    private readonly Option<Uri?> _readyUrl = NodeOption.HttpUrl("--ready-url", "URL", "The proxy's /readyz (http://127.0.0.1:<admin port>/readyz): announce only while it serves the plan.");
    private readonly Option<bool> _alwaysReady = NodeOption.Flag("--always-ready", "Announce without asking a proxy (tests, or a proxy checked otherwise).");
    private readonly Option<string?> _nodeName = NodeOption.NodeName();
    private readonly Option<IPAddress?> _statusAddress = NodeOption.Address("--status-address", "ADDRESS", "Address of the status port.", defaultValue: IPAddress.Loopback);
    private readonly Option<int?> _statusPort = NodeOption.OptionalInt("--status-port", "N", "Serve /status (JSON), /metrics and /healthz on --status-address (default: none).", 1, 65_535);
    private readonly Option<int> _pollInterval = NodeOption.Int("--poll-interval", "MS", "Readiness and plan polling interval in milliseconds.", 1, 60_000, 200);
    private readonly Option<int> _minVips = NodeOption.Int(
        "--min-vips", "N", "Refuse a plan that gives this node fewer VIPs (0 accepts an empty set).", 0, 1_000_000, PlanIntake.DefaultMinVips);

    public VipHostCommandLine()
    {
        _plan.Required = true;
        Command = new RootCommand("gitgateway-vip: announces a plan's VIPs for this node by BGP while its proxy (--ready-url) serves them.");
        foreach (var option in (IEnumerable<Option>)[_plan, _readyUrl, _alwaysReady, _nodeName, _statusAddress, _statusPort, _pollInterval, _minVips, .. _announcer.All])
        {
            Command.Options.Add(option);
        }

        Command.Validators.Add(result =>
        {
            if (NodeOption.Given(result, _plan) && !NodeOption.Given(result, _readyUrl) && !NodeOption.Given(result, _alwaysReady))
            {
                result.AddError("give --ready-url or --always-ready");
            }
        });
    }

    public RootCommand Command { get; }

    public ParseResult Parse(IReadOnlyList<string> args) => NodeCommandLine.Parse(Command, args);

    /// <summary>The options of a command line that parsed.</summary>
    public VipHostOptions Read(ParseResult parse) => new(
        parse.GetRequiredValue(_plan)!,
        _announcer.Read(parse, NodeOption.NodeNameOrHost(parse, _nodeName)),
        parse.GetValue(_readyUrl),
        parse.GetValue(_alwaysReady),
        parse.GetRequiredValue(_statusAddress)!,
        parse.GetValue(_statusPort),
        _announcer.ReadWithdrawDelay(parse),
        TimeSpan.FromMilliseconds(parse.GetValue(_pollInterval)),
        parse.GetValue(_minVips));
}
