using System.Buffers;
using static GitGateway.Proxy.Policies.Waf.WafPatterns;

namespace GitGateway.Proxy.Policies.Waf;

/// <summary>
/// Protocol enforcement (ids 1001xx): characters RFC 3986 §2 does not allow in a request target, broken percent
/// encoding, NUL and control characters, Host header count (RFC 9112 §3.2: exactly one), argument count and
/// sizes, a malformed Content-Type (RFC 9110 §8.3), a body that does not parse as its Content-Type says. The
/// request-level ones are exposed as fields: the inspector signals them, they have no matcher.
/// </summary>
internal static class ProtocolRules
{
    public const int MaxArguments = 255;
    public const int MaxNameLength = 256;
    public const int MaxValueLength = 8192;

    // Browsers percent-encode these (WHATWG URL, the path and query percent-encode sets); a backtick is left out
    // because browsers send it unencoded in a query.
    private static readonly SearchValues<char> UnsafeInTarget = SearchValues.Create("\"<>\\ ");
    private static readonly SearchValues<char> UnwiseInTarget = SearchValues.Create("{}|^");
    private static readonly System.Text.RegularExpressions.Regex MediaType =
        Regex(@"^[\w!#$&^.+-]+/[\w!#$&^.+*-]+(?:\s*;\s*[\w!#$&^.+-]+\s*=\s*(?:""[^""]*""|[^;\s""]+))*\s*;?\s*$");

    public static readonly WafRule MissingHost = Request(100130, 1, WafSeverity.Warning, "no Host header");
    public static readonly WafRule DuplicateHost = Request(100131, 1, WafSeverity.Critical, "more than one Host header");
    public static readonly WafRule NumericHost = Request(100132, 2, WafSeverity.Warning, "Host is an IP address");
    public static readonly WafRule TooManyArguments = Request(100140, 1, WafSeverity.Critical, $"more than {MaxArguments} query or form arguments");
    public static readonly WafRule UnparsableBody = Request(100150, 1, WafSeverity.Critical, "body does not parse as its Content-Type says");
    public static readonly WafRule MissingUserAgent = Request(100160, 2, WafSeverity.Notice, "no or empty User-Agent");
    public static readonly WafRule MissingAccept = Request(100161, 3, WafSeverity.Notice, "no Accept header");

    public static IEnumerable<WafRule> Create()
    {
        yield return Rule(100100, 1, WafSeverity.Critical, "control character in the request target", WafTargets.RawTarget) with
        {
            Triggers = WafTrigger.Control,
            Test = static v => v.IndexOfAnyInRange('\0', '\u001f') >= 0 || v.Contains('\u007f'),
        };
        yield return Rule(100101, 1, WafSeverity.Warning, "character RFC 3986 excludes (\" < > \\ space) in the request target", WafTargets.RawTarget) with
        {
            Triggers = WafTrigger.Quote | WafTrigger.Angle | WafTrigger.Slash | WafTrigger.Space,
            Test = static v => v.IndexOfAny(UnsafeInTarget) >= 0,
        };
        yield return Rule(100102, 3, WafSeverity.Notice, "unencoded { } | ^ or non-ASCII character in the request target", WafTargets.RawTarget) with
        {
            Triggers = WafTrigger.Brace | WafTrigger.ShellMeta | WafTrigger.Symbol | WafTrigger.NonAscii,
            Test = static v => v.IndexOfAny(UnwiseInTarget) >= 0 || v.ContainsAnyExceptInRange('\0', '\u007f'),
        };
        yield return Rule(100110, 1, WafSeverity.Warning, "'%' not followed by two hex digits in the request target", WafTargets.RawTarget) with
        {
            Triggers = WafTrigger.Percent,
            Test = static v => WafTransforms.HasInvalidEscape(v),
        };
        yield return Rule(100120, 1, WafSeverity.Critical, "NUL character", WafTargets.Injectable | WafTargets.Path | WafTargets.ContentType) with
        {
            Triggers = WafTrigger.Control,
            Test = static v => v.Contains('\0'),
        };
        yield return Rule(100121, 2, WafSeverity.Warning, "control character other than tab, CR and LF", WafTargets.Injectable | WafTargets.Path | WafTargets.ContentType) with
        {
            Triggers = WafTrigger.Control,
            Test = static v => v.IndexOfAnyInRange('\u0001', '\u0008') >= 0 || v.IndexOfAnyInRange('\u000b', '\u000c') >= 0
                || v.IndexOfAnyInRange('\u000e', '\u001f') >= 0 || v.Contains('\u007f'),
        };
        yield return Rule(100122, 4, WafSeverity.Critical, "character outside printable ASCII", WafTargets.Args | WafTargets.Cookie | WafTargets.Path) with
        {
            Triggers = WafTrigger.Control | WafTrigger.NonAscii,
            Test = static v => v.ContainsAnyExceptInRange(' ', '~'),
        };
        yield return Rule(100141, 1, WafSeverity.Error, $"argument name longer than {MaxNameLength} characters", WafTargets.ArgName) with
        {
            Test = static v => v.Length > MaxNameLength,
        };
        yield return Rule(100142, 2, WafSeverity.Warning, $"argument value longer than {MaxValueLength} characters", WafTargets.ArgValue) with
        {
            Test = static v => v.Length > MaxValueLength,
        };
        yield return Rule(100143, 1, WafSeverity.Warning, "Content-Type is not type/subtype with parameters", WafTargets.ContentType) with
        {
            Test = static v => !MediaType.IsMatch(v),
        };
        foreach (var rule in new[] { MissingHost, DuplicateHost, NumericHost, TooManyArguments, UnparsableBody, MissingUserAgent, MissingAccept })
        {
            yield return rule;
        }
    }

    private static WafRule Request(int id, int level, WafSeverity severity, string description) =>
        new(id, WafCategory.ProtocolEnforcement, level, severity, WafTargets.Request, description);

    private static WafRule Rule(int id, int level, WafSeverity severity, string description, WafTargets targets) =>
        new(id, WafCategory.ProtocolEnforcement, level, severity, targets, description);
}
