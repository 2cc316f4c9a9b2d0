using System.Text.RegularExpressions;
using GitGateway.Plan.Model;
using Microsoft.AspNetCore.Http;
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
    private readonly Regex? _regex;

    public StringCondition(StringMatch match)
    {
        _name = match.Name;
        _value = match.Value;
        _regex = match.Type == MatchKind.RegularExpression ? RegexCache.Get(match.Value) : null;
    }

    public bool MatchesHeader(IHeaderDictionary headers) => Matches(headers.TryGetValue(_name, out var values) ? values : default);

    public bool MatchesQuery(HttpRequest request)
    {
        // Only entries that have query conditions parse the query string.
        return Matches(request.Query.TryGetValue(_name, out var values) ? values : default);
    }

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
