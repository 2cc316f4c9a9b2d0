using System.Text;
using Cel;

namespace GitGateway.Renderer.Schemas;

/// <summary>
/// <c>has(e.f)</c> as the API server answers it: true when the object <c>e</c> has the field <c>f</c>, whatever its
/// value (<c>requestHeaderModifier: {}</c> is present). The <c>Cel</c> package's own <c>has()</c> looks at the
/// value instead and is false for an empty string, list or map, so rules such as "filter.requestHeaderModifier
/// must be specified for RequestHeaderModifier filter.type" refused an empty modifier the API server accepts.
/// Each <c>has(e.f)</c> of a rule is rewritten to <c>__has_field__(e, 'f')</c> before it is compiled. A null
/// value counts as absent: the API server prunes nulls before it validates, and the schema walk never stores one.
/// </summary>
internal static class CelPresence
{
    /// <summary>The name of the function a rewritten <c>has()</c> calls.</summary>
    public const string FunctionName = "__has_field__";

    /// <summary>Adds the presence function to <paramref name="environment"/>.</summary>
    public static void Register(CelEnvironment environment) =>
        environment.RegisterFunction(FunctionName, [typeof(object), typeof(string)], args => HasField(args[0], (string)args[1]!));

    /// <summary>Whether <paramref name="target"/> has the field <paramref name="field"/> with a value.</summary>
    public static bool HasField(object? target, string field) => target switch
    {
        IDictionary<string, object?> map => map.TryGetValue(field, out var value) && value is not null,
        System.Collections.IEnumerable or ValueType => throw new ArgumentException($"has() selects the field '{field}' of a {target.GetType().Name}, not of an object", nameof(target)),
        _ => false, // null, or the package's marker for a select on a missing field: false, as its has() answers
    };

    /// <summary>
    /// <paramref name="rule"/> with every <c>has(e.f)</c> outside a string literal rewritten to the presence
    /// function; a <c>has()</c> whose argument is not a field select is left to the package.
    /// </summary>
    public static string Rewrite(string rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        var text = new StringBuilder(rule.Length);
        var quote = '\0';
        for (var i = 0; i < rule.Length; i++)
        {
            var c = rule[i];
            if (quote != '\0')
            {
                text.Append(c);
                if (c == '\\' && i + 1 < rule.Length)
                {
                    text.Append(rule[++i]);
                }
                else if (c == quote)
                {
                    quote = '\0';
                }
            }
            else if (c is '\'' or '"')
            {
                quote = c;
                text.Append(c);
            }
            else if (IsHasCall(rule, i) && Argument(rule, i + 4) is { } end && Split(rule[(i + 4)..end]) is { } select)
            {
                text.Append(FunctionName).Append('(').Append(Rewrite(select.Target)).Append(", '").Append(select.Field).Append("')");
                i = end;
            }
            else
            {
                text.Append(c);
            }
        }

        return text.ToString();
    }

    // Whether "has(" starts at i as a call of its own (not "self.has(" nor "xhas(").
    private static bool IsHasCall(string rule, int i) =>
        string.CompareOrdinal(rule, i, "has(", 0, 4) == 0 && (i == 0 || !IsIdentifier(rule[i - 1]) && rule[i - 1] != '.');

    // The index of the parenthesis that closes the argument starting at start, or null when there is none.
    private static int? Argument(string rule, int start)
    {
        var depth = 0;
        var quote = '\0';
        for (var i = start; i < rule.Length; i++)
        {
            var c = rule[i];
            if (quote != '\0')
            {
                i += c == '\\' ? 1 : 0;
                quote = c == quote ? '\0' : quote;
            }
            else if (c is '\'' or '"')
            {
                quote = c;
            }
            else if (c is '(' or '[' or '{')
            {
                depth++;
            }
            else if (c is ')' or ']' or '}' && depth-- == 0)
            {
                return c == ')' ? i : null;
            }
        }

        return null;
    }

    // "e.f" split at its last top-level dot into (e, f), or null when the argument does not end in a field select.
    private static (string Target, string Field)? Split(string argument)
    {
        var trimmed = argument.Trim();
        var dot = trimmed.LastIndexOf('.');
        if (dot <= 0)
        {
            return null;
        }

        var field = trimmed[(dot + 1)..];
        var target = trimmed[..dot];
        var balanced = target.Count(c => c is '(' or '[' or '{') == target.Count(c => c is ')' or ']' or '}');
        return field.Length > 0 && field.All(IsIdentifier) && !char.IsAsciiDigit(field[0]) && balanced
            && !target.Contains('\'', StringComparison.Ordinal) && !target.Contains('"', StringComparison.Ordinal)
            ? (target, field)
            : null;
    }

    private static bool IsIdentifier(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';
}
