namespace GitGateway.Proxy.Policies.Waf;

/// <summary>
/// Characters an inspected value contains, found in one pass over it. A rule names the ones it cannot match
/// without (any of them), so a value made of letters and digits skips nearly every regular expression.
/// </summary>
[Flags]
internal enum WafTrigger
{
    None = 0,
    Quote = 1 << 0,
    Angle = 1 << 1,
    ShellMeta = 1 << 2,
    Dollar = 1 << 3,
    Backtick = 1 << 4,
    Paren = 1 << 5,
    Brace = 1 << 6,
    Dot = 1 << 7,
    Slash = 1 << 8,
    Percent = 1 << 9,
    Equals = 1 << 10,
    Comment = 1 << 11,
    Colon = 1 << 12,
    Control = 1 << 13,
    NonAscii = 1 << 14,
    Space = 1 << 15,

    /// <summary>Other punctuation: <c>@ ^ ~ + [ ] , ?</c>.</summary>
    Symbol = 1 << 16,
}
