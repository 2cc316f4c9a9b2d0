using System.CommandLine;
using GitGateway.Reconciler.Git;
using GitGateway.Reconciler.Review;

namespace GitGateway.Reconciler.Cli;

/// <summary>
/// <c>gitgateway plan --repo DIR --base REV --head REV [--output markdown|json]</c>: renders two revisions read
/// from Git (no checkout) and prints the review a pull request would get: the same comment body (markdown) or
/// the same review as JSON, routing tests included. Exit 1 when the plan check would fail (the head is invalid, a
/// routing test fails, or the change is destructive without the override).
/// </summary>
internal static class PlanCommand
{
    public static Command Create()
    {
        var repo = new Option<string>("--repo") { Description = "The Git repository (working copy or bare).", DefaultValueFactory = _ => "." };
        var baseRev = new Option<string>("--base") { Description = "The revision the change is reviewed against (e.g. main).", Required = true };
        var headRev = new Option<string>("--head") { Description = "The revision with the change.", DefaultValueFactory = _ => "HEAD" };
        var output = CliOptions.Output("markdown", "json");
        var controller = CliOptions.ControllerName();
        var command = new Command("plan", "Show the routing plan diff between two revisions of a config repository.")
        {
            repo, baseRev, headRev, output, controller,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            PlanComparison comparison;
            try
            {
                comparison = await GitRender.ReviewAsync(new GitCli(), parse.GetRequiredValue(repo), parse.GetRequiredValue(baseRev),
                    parse.GetRequiredValue(headRev), parse.GetValue(controller), cancellationToken).ConfigureAwait(false);
            }
            catch (GitException e)
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync($"gitgateway plan: {e.Message}").ConfigureAwait(false);
                return CliOptions.Failure;
            }

            var writer = parse.InvocationConfiguration.Output;
            if (parse.GetValue(output) == "json")
            {
                await writer.WriteAsync(PlanReviewJson.ToJson(comparison)).ConfigureAwait(false);
            }
            else
            {
                await writer.WriteAsync(PlanCommentRenderer.Render(comparison.Review)).ConfigureAwait(false);
            }

            // Exit 1 whenever the plan check would fail: errors, a failing routing test, a destructive change without the override.
            return comparison.Review.Passed ? CliOptions.Ok : CliOptions.InvalidInput;
        });
        return command;
    }
}
