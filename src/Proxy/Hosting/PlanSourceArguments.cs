using System.CommandLine;
using System.CommandLine.Parsing;
using GitGateway.Vip.CommandLine;

namespace GitGateway.Proxy.Hosting;

/// <summary>Where the node takes its plans from: a plan file, or a control plane it follows (exactly one).</summary>
internal sealed class PlanSourceArguments
{
    public Option<string?> Plan { get; } = NodeOption.Text("--plan", "FILE", "The routing plan (PlanJson); watched and reloaded on change.");

    public Option<Uri?> ControlPlane { get; } = NodeOption.HttpUrl(
        "--control-plane",
        "URL",
        "Follow the control plane instead (long-poll, ACK/NACK, readiness reports); the last plan received is kept in --state-dir and served while it is away.");

    public Option<string?> NodeTokenFile { get; } = NodeOption.Text("--node-token-file", "FILE", "The bearer token for the control plane (default: GITGATEWAY_NODE_TOKEN).");

    public Option<string?> Repository { get; } = NodeOption.Text("--repository", "NAME", "Follow this repository of a control plane serving several (default: its first).");

    public Option<string> Subscribe { get; } = NodeOption.Choice(
        "--subscribe", "long-poll (a request per plan) or events (one server-sent event stream).", "long-poll", "long-poll", "events");

    public IReadOnlyList<Option> All => [Plan, ControlPlane, NodeTokenFile, Repository, Subscribe];

    /// <summary>One source, and the options of a control plane only with one.</summary>
    public void Validate(CommandResult result)
    {
        var controlPlane = NodeOption.Given(result, ControlPlane);
        if (NodeOption.Given(result, Plan) == controlPlane)
        {
            result.AddError("give one of --plan FILE or --control-plane URL");
            return;
        }

        foreach (var option in (Option[])[Repository, Subscribe])
        {
            if (!controlPlane && NodeOption.Given(result, option))
            {
                result.AddError($"{option.Name} needs --control-plane URL");
                return;
            }
        }
    }

    /// <summary>The control plane's base address; a path is kept as a directory, so the protocol's paths go below it.</summary>
    public Uri? ReadControlPlane(ParseResult parse) =>
        parse.GetValue(ControlPlane) is { } url ? new Uri(url.OriginalString.EndsWith('/') ? url.OriginalString : url.OriginalString + "/", UriKind.Absolute) : null;
}
