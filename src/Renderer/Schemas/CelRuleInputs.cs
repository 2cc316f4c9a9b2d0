namespace GitGateway.Renderer.Schemas;

/// <summary>
/// What of <c>self</c> a CEL rule can read, found from its text: when every use of <c>self</c> is a field select
/// <c>self.f</c> (not a method such as <c>self.size()</c>), the rule's outcome is a function of those fields alone,
/// and of only their presence where each use is <c>has(self.f)</c>. Anything else (<c>self</c> on its own, a macro on
/// it, <c>self</c> inside a string literal) reads the whole value. The analysis may only over-approximate: a field
/// it names and the rule does not read costs a cache hit, never a wrong answer.
/// </summary>
internal sealed class CelRuleInputs
{
    private CelRuleInputs(IReadOnlyList<FieldRead>? fields) => Fields = fields;

    /// <summary>The fields read, sorted by name (ordinal), each with whether only its presence is; null when the whole value is read.</summary>
    public IReadOnlyList<FieldRead>? Fields { get; }

    /// <summary>The inputs of the rule <paramref name="text"/>.</summary>
    public static CelRuleInputs Of(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        // A rule reads a handful of fields: a list searched in turn, sorted once at the end (a sorted dictionary over a
        // bool and a list of tuples are framework generics over value types, compiled at first call in every process).
        var fields = new List<FieldRead>();
        for (var at = text.IndexOf("self", StringComparison.Ordinal); at >= 0; at = text.IndexOf("self", at + 4, StringComparison.Ordinal))
        {
            if (at > 0 && IsIdentifier(text[at - 1]) || at + 4 < text.Length && IsIdentifier(text[at + 4]))
            {
                continue; // part of another name (myself, selfLink): not the variable
            }

            var field = Select(text, at + 4);
            if (field is null || InLiteral(text, at))
            {
                return new CelRuleInputs(null);
            }

            var end = at + 5 + field.Length;
            var presenceOnly = at >= 4 && text.AsSpan(at - 4, 4).SequenceEqual("has(") && end < text.Length && text[end] == ')';
            var seen = fields.FindIndex(f => f.Field == field);
            if (seen < 0)
            {
                fields.Add(new FieldRead(field, presenceOnly));
            }
            else if (fields[seen].PresenceOnly && !presenceOnly)
            {
                fields[seen] = new FieldRead(field, false);
            }
        }

        fields.Sort(static (a, b) => string.CompareOrdinal(a.Field, b.Field));
        return new CelRuleInputs(fields);
    }

    /// <summary>A field of <c>self</c> a rule reads, and whether it reads only its presence (<c>has(self.f)</c>).</summary>
    public sealed record FieldRead(string Field, bool PresenceOnly);

    // The field name of "self.<name>" at start (just after "self"), or null when what follows is not a plain field select.
    private static string? Select(string text, int start)
    {
        if (start >= text.Length || text[start] != '.')
        {
            return null;
        }

        var end = start + 1;
        while (end < text.Length && IsIdentifier(text[end]))
        {
            end++;
        }

        var isMethod = end < text.Length && text[end] == '(';
        return end == start + 1 || isMethod || char.IsAsciiDigit(text[start + 1]) ? null : text[(start + 1)..end];
    }

    // Whether position at is inside a quoted literal: an odd number of unescaped quotes of one kind before it.
    private static bool InLiteral(string text, int at)
    {
        int singles = 0, doubles = 0;
        for (var i = 0; i < at; i++)
        {
            if (text[i] == '\\')
            {
                i++;
            }
            else if (text[i] == '\'' && doubles % 2 == 0)
            {
                singles++;
            }
            else if (text[i] == '"' && singles % 2 == 0)
            {
                doubles++;
            }
        }

        return singles % 2 != 0 || doubles % 2 != 0;
    }

    private static bool IsIdentifier(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';
}
