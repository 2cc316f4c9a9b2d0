using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace GitGateway.Vip.CommandLine;

/// <summary>
/// Options of the node programs (<c>gitgateway-proxy</c>, <c>gitgateway-vip</c>) with the rules they share. A value
/// given twice counts once, the last (a script appends its overrides to a base command line); a malformed or
/// out-of-range value is a parse error naming the flag and the value; a constant default shows in the help.
/// Options keep the unit of their flag (seconds, milliseconds, MiB): the group that reads them converts.
/// </summary>
public static class NodeOption
{
    /// <summary>A string, taken as given.</summary>
    public static Option<string?> Text(string name, string helpName, string description) =>
        Value<string?>(name, helpName, description, text => (true, text), "");

    /// <summary>A string that must satisfy <paramref name="valid"/> (<paramref name="rule"/> says how in the error), or <paramref name="defaultValue"/> when absent.</summary>
    public static Option<string?> Text(string name, string helpName, string description, Func<string, bool> valid, string rule, string? defaultValue = null)
    {
        var option = Value<string?>(name, helpName, description, text => (valid(text), text), rule);
        if (defaultValue is not null)
        {
            option.DefaultValueFactory = _ => defaultValue;
        }

        return option;
    }

    /// <summary>One of <paramref name="choices"/> (any case; read back as written here), <paramref name="defaultValue"/> when absent.</summary>
    public static Option<string> Choice(string name, string description, string defaultValue, params string[] choices)
    {
        var option = Value(
            name,
            string.Join('|', choices),
            description,
            text => choices.FirstOrDefault(c => string.Equals(c, text, StringComparison.OrdinalIgnoreCase)) is { } choice ? (true, choice) : (false, ""),
            choices.Length == 2 ? $"{choices[0]} or {choices[1]}" : $"{string.Join(", ", choices[..^1])} or {choices[^1]}");
        option.DefaultValueFactory = _ => defaultValue;
        return option;
    }

    /// <summary><c>--node-name</c>: this node's name in reports, logs and VIP status; read it with <see cref="NodeNameOrHost"/>.</summary>
    public static Option<string?> NodeName() => Text("--node-name", "NAME", "This node's name (default: the host name).");

    /// <summary>The <c>--node-name</c> given, else the host name.</summary>
    public static string NodeNameOrHost(ParseResult parse, Option<string?> nodeName) => parse.GetValue(nodeName) ?? Environment.MachineName;

    /// <summary>True when <paramref name="option"/> was written on the command line (not only defaulted).</summary>
    public static bool Given(CommandResult result, Option option) => result.GetResult(option) is { Implicit: false };

    /// <summary>A flag without a value.</summary>
    public static Option<bool> Flag(string name, string description) => new(name) { Description = description };

    /// <summary>A whole number from <paramref name="min"/> to <paramref name="max"/>, <paramref name="defaultValue"/> when absent.</summary>
    public static Option<int> Int(string name, string helpName, string description, int min, int max, int defaultValue)
    {
        var option = Value(name, helpName, description, text => ParseInt(text, min, max), $"a number from {min} to {max}");
        option.DefaultValueFactory = _ => defaultValue;
        return option;
    }

    /// <summary>A whole number from <paramref name="min"/> to <paramref name="max"/>, or null when absent.</summary>
    public static Option<int?> OptionalInt(string name, string helpName, string description, int min, int max) =>
        Value<int?>(name, helpName, description, text => ParseInt(text, min, max), $"a number from {min} to {max}");

    /// <summary>A decimal number (<c>2.5</c>) from <paramref name="min"/> to <paramref name="max"/>, or null when absent.</summary>
    public static Option<double?> OptionalNumber(string name, string helpName, string description, double min, double max) =>
        Value<double?>(name, helpName, description, text => ParseNumber(text, min, max), string.Create(CultureInfo.InvariantCulture, $"a number from {min} to {max}"));

    /// <summary>A decimal number from <paramref name="min"/> to <paramref name="max"/>, <paramref name="defaultValue"/> when absent.</summary>
    public static Option<double> Number(string name, string helpName, string description, double min, double max, double defaultValue)
    {
        var option = Value(name, helpName, description, text => ParseNumber(text, min, max), string.Create(CultureInfo.InvariantCulture, $"a number from {min} to {max}"));
        option.DefaultValueFactory = _ => defaultValue;
        return option;
    }

    /// <summary>An IP address, of <paramref name="family"/> when given; null (or <paramref name="defaultValue"/>) when absent.</summary>
    public static Option<IPAddress?> Address(string name, string helpName, string description, AddressFamily? family = null, IPAddress? defaultValue = null)
    {
        var rule = family switch
        {
            AddressFamily.InterNetwork => "an IPv4 address",
            AddressFamily.InterNetworkV6 => "an IPv6 address",
            _ => "an IP address",
        };
        var option = Value<IPAddress?>(
            name,
            helpName,
            description,
            text => IPAddress.TryParse(text, out var address) && (family is null || address.AddressFamily == family) ? (true, address) : (false, null),
            rule);
        if (defaultValue is not null)
        {
            option.DefaultValueFactory = _ => defaultValue;
        }

        return option;
    }

    /// <summary>An absolute http or https URL, or null when absent.</summary>
    public static Option<Uri?> HttpUrl(string name, string helpName, string description) =>
        Value<Uri?>(name, helpName, description, text => TryHttpUrl(text, out var url) ? (true, url) : (false, null), "an http(s) URL");

    /// <summary>An option that may repeat; every value is kept, in order, and each must satisfy <paramref name="parse"/>.</summary>
    public static Option<T[]> Repeated<T>(string name, string helpName, string description, Func<string, (bool Ok, T Value)> parse, string rule)
    {
        var option = new Option<T[]>(name) { HelpName = helpName, Description = description, Arity = ArgumentArity.OneOrMore };
        option.CustomParser = result =>
        {
            var values = new T[result.Tokens.Count];
            for (var i = 0; i < values.Length; i++)
            {
                var (ok, value) = parse(result.Tokens[i].Value);
                if (!ok)
                {
                    result.AddError(Malformed(name, result.Tokens[i].Value, rule));
                    return [];
                }

                values[i] = value;
            }

            return values;
        };
        return option;
    }

    /// <summary>An absolute http(s) URL: the only schemes a node fetches from.</summary>
    public static bool TryHttpUrl(string text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Uri? url) =>
        Uri.TryCreate(text, UriKind.Absolute, out url) && url.Scheme is "http" or "https";

    /// <summary>A value given twice counts once, the last; a value <paramref name="parse"/> refuses is an error naming the flag.</summary>
    public static Option<T> Value<T>(string name, string helpName, string description, Func<string, (bool Ok, T Value)> parse, string rule)
    {
        var option = new Option<T>(name) { HelpName = helpName, Description = description, Arity = ArgumentArity.OneOrMore };
        option.CustomParser = result =>
        {
            if (result.Tokens.Count == 0)
            {
                return default!;
            }

            var text = result.Tokens[^1].Value;
            var (ok, value) = parse(text);
            if (!ok)
            {
                result.AddError(Malformed(name, text, rule));
            }

            return value;
        };
        return option;
    }

    private static string Malformed(string name, string text, string rule) => $"{name} '{text}' is not {rule}";

    private static (bool, int) ParseInt(string text, int min, int max) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max ? (true, value) : (false, 0);

    private static (bool, double) ParseNumber(string text, double min, double max) =>
        double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max ? (true, value) : (false, 0);
}
