using GitGateway.Plan.Model;
using Microsoft.Extensions.Primitives;

namespace GitGateway.Proxy.Routing;

/// <summary>
/// A header or query parameter condition (Gateway API HTTPHeaderMatch / HTTPQueryParamMatch): header names
/// compare case-insensitively, query names and all values case-sensitively; a condition holds when any value
/// of the name matches. A value a regular expression cannot answer makes the condition unanswerable at once, before
/// the values after it: each try may cost the whole match timeout, and a request may repeat a name many times.
/// </summary>
internal sealed class StringCondition
{
    private readonly string _name;
    private readonly string _value;
    private readonly RegexMatcher? _regex;

    public StringCondition(StringMatch match, RegexScope regexes)
    {
        _name = match.Name;
        _value = match.Value;
        _regex = match.Type == MatchKind.RegularExpression ? regexes.Get(match.Value) : null;
    }

    public MatchAnswer MatchHeader(IHeaderDictionary headers) => Match(headers.TryGetValue(_name, out var values) ? values : default);

    /// <summary>
    /// Query parameter names are case-sensitive (Gateway API HTTPQueryParamMatch), which the framework's
    /// case-insensitive query collection is not, so the raw query string is read here. Only entries that have
    /// query conditions pay for it.
    /// </summary>
    public MatchAnswer MatchQuery(HttpRequest request)
    {
        var query = request.QueryString.Value.AsSpan();
        if (query.Length > 0 && query[0] == '?')
        {
            query = query[1..];
        }

        foreach (var range in query.Split('&'))
        {
            var pair = query[range];
            var equals = pair.IndexOf('=');
            var name = Unescape(equals < 0 ? pair : pair[..equals]);
            if (string.Equals(name, _name, StringComparison.Ordinal))
            {
                var value = Match(new StringValues(Unescape(equals < 0 ? default : pair[(equals + 1)..])));
                if (value != MatchAnswer.No)
                {
                    return value;
                }
            }
        }

        return MatchAnswer.No;
    }

    private static string Unescape(ReadOnlySpan<char> text) =>
        Uri.UnescapeDataString(text.Contains('+') ? text.ToString().Replace('+', ' ') : text.ToString());

    private MatchAnswer Match(StringValues values)
    {
        for (var i = 0; i < values.Count; i++)
        {
            var value = values[i];
            if (value is null)
            {
                continue;
            }

            var one = _regex is null
                ? string.Equals(value, _value, StringComparison.Ordinal) ? MatchAnswer.Yes : MatchAnswer.No
                : _regex.Match(value);
            if (one != MatchAnswer.No)
            {
                return one;
            }
        }

        return MatchAnswer.No;
    }
}
