using System.CommandLine;
using System.CommandLine.Parsing;

namespace GitGateway.Vip.CommandLine;

/// <summary>
/// How a node program reads its command line, with the conventions of the <c>gitgateway</c> CLI: <c>--help</c>
/// lists every option and its default, <c>--version</c>, and a usage error (unknown flag, bad value, missing or
/// conflicting option) prints one message naming the flag and exits 2.
/// </summary>
public static class NodeCommandLine
{
    /// <summary>The exit code of a command line that does not parse.</summary>
    public const int UsageError = 2;

    /// <summary>
    /// Parses <paramref name="args"/>. An argument starting with <c>@</c> is a value like any other, not a response
    /// file to read: a node's command line is the whole of what it was given.
    /// </summary>
    public static ParseResult Parse(RootCommand root, IReadOnlyList<string> args) =>
        root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });

    /// <summary>
    /// The first usage error, or null when the command line parsed. A malformed value comes before a rule between
    /// options, which may only be its consequence (a refused --control-plane URL is not a missing source).
    /// </summary>
    public static string? Error(ParseResult parse) =>
        parse.Errors.OrderBy(e => e.SymbolResult is CommandResult ? 1 : 0).FirstOrDefault()?.Message;

    /// <summary>
    /// Answers what the command line asked instead of running: a usage error (exit 2), <c>--help</c> or
    /// <c>--version</c> (exit 0). Null: nothing answered, run the node.
    /// </summary>
    public static int? Answer(ParseResult parse, string program, TextWriter output, TextWriter error)
    {
        if (Error(parse) is { } message)
        {
            error.WriteLine($"{program}: {message}");
            error.WriteLine($"{program} --help lists the options.");
            return UsageError;
        }

        return parse.Action is null ? null : parse.Invoke(new InvocationConfiguration { Output = output, Error = error });
    }
}
