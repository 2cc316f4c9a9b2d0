using System.Globalization;
using System.Text;

namespace GitGateway.Renderer.Schemas;

/// <summary>
/// An exact, canonical text for the value a CEL rule sees (or the part of it the rule reads): every value tagged
/// with its type, strings length-prefixed, map entries sorted by key. Two values with the same key are the same
/// value to any rule. Bounded: a value whose key would exceed <see cref="MaxLength"/> characters has none.
/// </summary>
internal static class CelValueKey
{
    /// <summary>The longest key kept; bigger values are evaluated each time.</summary>
    public const int MaxLength = 1024;

    /// <summary>The key of <paramref name="self"/> as <paramref name="inputs"/> reads it, or null when it has none within the bound.</summary>
    public static string? Of(object? self, CelRuleInputs inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var text = new StringBuilder();
        if (inputs.Fields is { } fields && self is IDictionary<string, object?> map)
        {
            foreach (var (field, presenceOnly) in fields)
            {
                String(text, field);
                var present = map.TryGetValue(field, out var value);
                text.Append(!present ? 'a' : !presenceOnly ? 'v' : HasSees(value) ? 'p' : 'e');
                if (present && !presenceOnly && !Write(text, value))
                {
                    return null;
                }
            }
        }
        else if (!Write(text, self))
        {
            return null;
        }

        return text.Length <= MaxLength ? text.ToString() : null;
    }

    /// <summary>
    /// What <c>has(self.f)</c> answers for a field present with <paramref name="value"/>: true for any value, also
    /// an empty string, list or map (<see cref="CelPresence"/>, as the API server answers), and false only for a
    /// null, which counts as absent. <c>CelRuleMemoTests</c> holds this to what the evaluator answers.
    /// </summary>
    internal static bool HasSees(object? value) => value is not null;

    private static bool Write(StringBuilder text, object? value)
    {
        if (text.Length > MaxLength)
        {
            return false;
        }

        switch (value)
        {
            case null:
                text.Append('n');
                return true;
            case string s:
                String(text, s);
                return true;
            case long n:
                text.Append('i').Append(n.ToString(CultureInfo.InvariantCulture)).Append(';');
                return true;
            case double d:
                text.Append('d').Append(d.ToString("R", CultureInfo.InvariantCulture)).Append(';');
                return true;
            case bool b:
                text.Append(b ? 'T' : 'F');
                return true;
            case System.Collections.IList list:
                text.Append('[');
                foreach (var item in list)
                {
                    if (!Write(text, item))
                    {
                        return false;
                    }
                }

                text.Append(']');
                return true;
            case IDictionary<string, object?> map:
                text.Append('{');
                foreach (var key in map.Keys.Order(StringComparer.Ordinal))
                {
                    String(text, key);
                    if (!Write(text, map[key]))
                    {
                        return false;
                    }
                }

                text.Append('}');
                return true;
            default:
                return false; // a type the key does not know: no key, evaluated each time
        }
    }

    private static void String(StringBuilder text, string s) =>
        text.Append('s').Append(s.Length.ToString(CultureInfo.InvariantCulture)).Append(':').Append(s);
}
