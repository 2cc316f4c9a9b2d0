using GitGateway.Plan.Model;
using Microsoft.Extensions.Primitives;

namespace GitGateway.Proxy.Routing;

/// <summary>
/// A header or query parameter condition (Gateway API HTTPHeaderMatch / HTTPQueryParamMatch): header names
/// compare case-insensitively, query names and all values case-sensitively; a condition holds when any value
/// of the name matches.
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

    public bool MatchesHeader(IHeaderDictionary headers) => Matches(headers.TryGetValue(_name, out var values) ? values : default);

    /// <summary>
    /// Query parameter names are case-sensitive (Gateway API HTTPQueryParamMatch), which the framework's
    /// case-insensitive query collection is not, so the raw query string is read here. Only entries that have
    /// query conditions pay for it.
    /// </summary>
    public bool MatchesQuery(HttpRequest request)
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
            if (string.Equals(name, _name, StringComparison.Ordinal)
                && Matches(new StringValues(Unescape(equals < 0 ? default : pair[(equals + 1)..]))))
            {
                return true;
            }
        }

        return false;
    }

    private static string Unescape(ReadOnlySpan<char> text) =>
        Uri.UnescapeDataString(text.Contains('+') ? text.ToString().Replace('+', ' ') : text.ToString());

    private bool Matches(StringValues values)
    {
        for (var i = 0; i < values.Count; i++)
        {
            var value = values[i];
            if (value is null)
            {
                continue;
            }

            if (_regex is null ? string.Equals(value, _value, StringComparison.Ordinal) : _regex.IsMatch(value))
            {
                return true;
            }
        }

        return false;
    }
}
