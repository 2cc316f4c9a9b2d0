using System.CommandLine;

namespace GitGateway.Reconciler.Cli;

/// <summary>Options and exit codes shared by the subcommands.</summary>
internal static class CliOptions
{
    /// <summary>The input is valid (warnings allowed).</summary>
    public const int Ok = 0;

    /// <summary>The input has at least one error diagnostic.</summary>
    public const int InvalidInput = 1;

    /// <summary>The command could not run (bad repository or revision, git missing, …).</summary>
    public const int Failure = 2;

    /// <summary><c>gitgateway status</c>: a node differs from what the applied plan says (drift).</summary>
    public const int Drifting = 3;

    /// <summary><c>--output</c>/<c>-o</c> with the formats a command writes; the first is the default.</summary>
    public static Option<string> Output(params string[] formats)
    {
        var option = new Option<string>("--output", "-o")
        {
            Description = $"{formats[0]} (default) or {string.Join(", ", formats[1..])}.",
            DefaultValueFactory = _ => formats[0],
        };
        option.AcceptOnlyFromAmong(formats);
        return option;
    }

    /// <summary>
    /// For the long-running commands, whose output is their log: <c>text</c> (one line per event) or <c>json</c>
    /// (one JSON object per event, for a log shipper). <c>--log-format</c> is the same option.
    /// </summary>
    public static Option<string> LogOutput()
    {
        var option = new Option<string>("--output", "-o", "--log-format")
        {
            Description = "text (default) or json: one JSON object per log line.",
            DefaultValueFactory = _ => "text",
        };
        option.AcceptOnlyFromAmong("text", "json");
        return option;
    }

    public static Option<string?> ControllerName() => new("--controller-name")
    {
        Description = "The GatewayClass controllerName this controller owns (default: from gitgateway.yaml, else gitgateway.dev/gateway-controller).",
    };

    public static Argument<string[]> Paths()
    {
        var paths = new Argument<string[]>("PATH")
        {
            Arity = ArgumentArity.OneOrMore,
            Description = "Manifest files or directories (a directory with gitgateway.yaml is read as a config repo).",
        };

        // A mistyped option would otherwise be read as a path and reported as a missing file (exit 1, not 2).
        paths.Validators.Add(result =>
        {
            foreach (var token in result.Tokens.Where(t => t.Value.Length > 1 && t.Value[0] == '-'))
            {
                result.AddError($"Unrecognized option '{token.Value}' (a path that starts with '-' is written ./{token.Value}).");
            }
        });
        return paths;
    }
}
