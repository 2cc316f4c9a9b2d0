using System.CommandLine;

namespace GitGateway.Reconciler.Cli;

/// <summary>
/// <c>gitgateway node forget NAME --control-plane URL [--repository NAME]</c>: lets a decommissioned node go from the
/// fleet view now instead of after <c>drift.forgetAfter</c>, so its silence stops keeping the drift check red. The
/// control plane refuses a node that still reports or that the serve config lists (<see cref="Apply.FleetRoster"/>).
/// </summary>
internal static class NodeCommand
{
    public static Command Create()
    {
        var output = CliOptions.Output("text", "json");
        output.Recursive = true;
        var call = new ControlPlaneCall();
        var name = new Argument<string>("NAME") { Description = "The node's name, as it reports (--node-name)." };
        var forget = new Command("forget", "Let a silent node go from the fleet view now (it comes back if it reports again).")
        {
            name, call.ControlPlane, call.Repository, call.TokenFile,
        };
        forget.SetAction((parse, ct) => call.SendAsync(
            parse, "node forget", HttpMethod.Delete, "nodes/" + Uri.EscapeDataString(parse.GetRequiredValue(name)), parse.GetValue(output) == "json", ct));
        return new Command("node", "Operate on the nodes a control plane knows.") { output, forget };
    }
}
