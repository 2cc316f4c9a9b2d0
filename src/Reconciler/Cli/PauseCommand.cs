using System.CommandLine;

namespace GitGateway.Reconciler.Cli;

/// <summary>
/// <c>gitgateway pause|resume --control-plane URL [--repository NAME] [--reason TEXT]</c>: the kill switch. Pause holds
/// every apply of the repository (a canary bake in progress halts and returns to the last good plan) until resume.
/// The bearer token is the repository's node token, from <c>--token-file</c> or <c>GITGATEWAY_NODE_TOKEN</c>.
/// </summary>
internal static class PauseCommand
{
    public static Command Create(bool pause)
    {
        var call = new ControlPlaneCall();
        var reason = new Option<string?>("--reason") { Description = "Why (shown in /v1/status and on held commits' apply checks)." };
        var output = CliOptions.Output("text", "json");
        var command = pause
            ? new Command("pause", "Pause every apply of a repository until resume (the kill switch).") { call.ControlPlane, call.Repository, call.TokenFile, reason, output }
            : new Command("resume", "Resume applies of a repository, applying the head of its target branch.") { call.ControlPlane, call.Repository, call.TokenFile, output };
        command.SetAction((parse, ct) =>
        {
            var query = pause && parse.GetValue(reason) is { } why ? "?reason=" + Uri.EscapeDataString(why) : "";
            return call.SendAsync(parse, command.Name, HttpMethod.Post, (pause ? "pause" : "resume") + query, parse.GetValue(output) == "json", ct);
        });
        return command;
    }
}
