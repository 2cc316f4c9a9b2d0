using System.Text;

namespace GitGateway.Renderer.Schemas;

/// <summary>
/// One token of a CEL expression, for <see cref="CelCompiler"/>: an identifier, an integer, a string (its value,
/// escapes resolved), a punctuation mark or the end. Only the lexical forms the vendored rules use are read: a
/// double, a byte string, an unsigned or hexadecimal integer or an escape other than the simple ones is
/// <see cref="NotSupportedException"/>, and the rule is left to the <c>Cel</c> package.
/// </summary>
internal readonly record struct CelToken(CelTokenKind Kind, string Text, object? Value)
{
    private static readonly string[] Punctuation = ["==", "!=", "<=", ">=", "&&", "||", "<", ">", "!", "?", ":", ".", ",", "(", ")", "[", "]", "+"];

    /// <summary>Whether this is the punctuation mark <paramref name="text"/>.</summary>
    public bool Is(string text) => Kind == CelTokenKind.Punctuation && Text == text;

    /// <summary>The tokens of <paramref name="expression"/>, ending with one <see cref="CelTokenKind.End"/>.</summary>
    public static List<CelToken> Read(string expression)
    {
        var tokens = new List<CelToken>();
        var i = 0;
        while (i < expression.Length)
        {
            var c = expression[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (IsRawPrefix(expression, i) || c is '\'' or '"')
            {
                tokens.Add(ReadString(expression, ref i));
            }
            else if (char.IsAsciiLetter(c) || c == '_')
            {
                var start = i;
                while (i < expression.Length && (char.IsAsciiLetterOrDigit(expression[i]) || expression[i] == '_'))
                {
                    i++;
                }

                tokens.Add(new CelToken(CelTokenKind.Identifier, expression[start..i], null));
            }
            else if (char.IsAsciiDigit(c))
            {
                tokens.Add(ReadInteger(expression, ref i));
            }
            else
            {
                var mark = Punctuation.FirstOrDefault(p => string.CompareOrdinal(expression, i, p, 0, p.Length) == 0)
                    ?? throw new NotSupportedException($"'{c}' at {i}");
                tokens.Add(new CelToken(CelTokenKind.Punctuation, mark, null));
                i += mark.Length;
            }
        }

        tokens.Add(new CelToken(CelTokenKind.End, "", null));
        return tokens;
    }

    private static bool IsRawPrefix(string s, int i) => s[i] is 'r' or 'R' && i + 1 < s.Length && s[i + 1] is '\'' or '"'
        && (i == 0 || !(char.IsAsciiLetterOrDigit(s[i - 1]) || s[i - 1] == '_'));

    private static CelToken ReadInteger(string s, ref int i)
    {
        var start = i;
        while (i < s.Length && char.IsAsciiDigit(s[i]))
        {
            i++;
        }

        if (i < s.Length && (char.IsAsciiLetter(s[i]) || s[i] == '.' || s[i] == '_') || i - start > 1 && s[start] == '0')
        {
            throw new NotSupportedException($"number at {start}");
        }

        return new CelToken(CelTokenKind.Integer, s[start..i], long.Parse(s.AsSpan(start, i - start), System.Globalization.CultureInfo.InvariantCulture));
    }

    private static CelToken ReadString(string s, ref int i)
    {
        var start = i;
        var raw = s[i] is 'r' or 'R';
        i += raw ? 1 : 0;
        var quote = s[i];
        var triple = i + 2 < s.Length && s[i + 1] == quote && s[i + 2] == quote;
        var close = triple ? new string(quote, 3) : quote.ToString();
        i += close.Length;
        var value = new StringBuilder();
        while (true)
        {
            if (i >= s.Length || !triple && s[i] is '\n' or '\r')
            {
                throw new NotSupportedException($"unterminated string at {start}");
            }

            if (string.CompareOrdinal(s, i, close, 0, close.Length) == 0)
            {
                i += close.Length;
                return new CelToken(CelTokenKind.String, s[start..i], value.ToString());
            }

            if (s[i] == '\\' && !raw)
            {
                value.Append(Escape(s, i + 1));
                i += 2;
            }
            else
            {
                value.Append(s[i++]);
            }
        }
    }

    private static char Escape(string s, int i) => (i < s.Length ? s[i] : '\0') switch
    {
        '\\' => '\\',
        '\'' => '\'',
        '"' => '"',
        'n' => '\n',
        'r' => '\r',
        't' => '\t',
        _ => throw new NotSupportedException($"escape at {i - 1}"),
    };
}
