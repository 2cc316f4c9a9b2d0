using System.CommandLine;
using System.Text.RegularExpressions;
using GitGateway.Reconciler.Cli;

namespace GitGateway.Reconciler.Import;

/// <summary>
/// <c>gitgateway import ingress PATH... --team T [--out DIR] [--dry-run] [--output json]</c>: converts Ingresses into
/// the team's folder of a config repository. Exit 0 written (notes allowed), 1 the input has errors (nothing is
/// written), 2 the command could not run (usage, a file in the way, a path that would leave the team's folder).
/// </summary>
internal static partial class ImportCommand
{
    public static Command Create()
    {
        var output = CliOptions.Output("text", "json");
        output.Recursive = true;
        var paths = CliOptions.Paths();
        paths.Description = "Files or directories holding networking.k8s.io/v1 Ingress manifests (multi-document YAML is fine).";
        var team = new Option<string>("--team") { Required = true, Description = "The team whose folder receives the routes (teams/<team>/)." };
        team.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<string>() is { } t && !TeamName().IsMatch(t))
            {
                r.AddError($"--team '{t}' is not a team name (a DNS-1123 label: lowercase letters, digits and '-', at most 63).");
            }
        });
        var outDir = new Option<string>("--out") { Description = "The config repository to write into (default: the current directory).", DefaultValueFactory = _ => "." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Print what would be written; write nothing." };
        var ingress = new Command("ingress", "Convert Ingresses (ingress-nginx annotations included) into HTTPRoutes, ProxyPolicies and routing tests in a team's folder.")
        {
            paths, team, outDir, dryRun,
        };
        ingress.SetAction(parse => IngressImportRun.Run(
            parse.GetRequiredValue(paths), parse.GetRequiredValue(team), parse.GetRequiredValue(outDir), parse.GetValue(dryRun), parse.GetValue(output) == "json",
            parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error));
        return new Command("import", "Convert manifests of another kind into this repository's layout.") { output, ingress };
    }

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?\\z")]
    private static partial Regex TeamName();
}
