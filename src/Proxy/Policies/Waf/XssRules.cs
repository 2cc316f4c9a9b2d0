using static GitGateway.Proxy.Policies.Waf.WafPatterns;

namespace GitGateway.Proxy.Policies.Waf;

/// <summary>
/// Cross-site scripting (ids 1401xx). Level 1 looks for script that runs: script tags, event-handler attributes,
/// <c>javascript:</c> URLs followed by code, tags that load or embed content, DOM sinks. Level 2 flags any tag and
/// dialog calls; level 3 entity- or escape-encoded angle brackets.
/// </summary>
internal static class XssRules
{
    private const WafTargets Where = WafTargets.Injectable | WafTargets.Path;

    public static IEnumerable<WafRule> Create()
    {
        yield return Rule(140100, 1, WafSeverity.Critical, "script tag") with
        {
            Triggers = WafTrigger.Angle,
            Keywords = Words("script"),
            Pattern = Regex(@"<\s*/?\s*script\b"),
        };
        yield return Rule(140110, 1, WafSeverity.Critical, "event-handler attribute (onerror=, onload=)") with
        {
            Triggers = WafTrigger.Equals,
            Keywords = Words("on"),
            Pattern = Regex(@"(?:<[^>]*|['""`\s/])on(?:error|load|click|dblclick|mouse\w{2,8}|focus\w{0,3}|blur|change|submit|key(?:down|up|press)|animation\w{3,9}|transition\w{3,6}|toggle|pointer\w{2,6}|begin|resize|scroll|input|unload|beforeunload|pageshow|hashchange|message|wheel|copy|cut|paste|auxclick|drag\w{0,5}|drop|select|reset|abort|invalid|search|show|touch\w{3,6}|contextmenu)\s*="),
        };
        yield return Rule(140120, 1, WafSeverity.Critical, "javascript:, vbscript: or data:text/html URL with code") with
        {
            Triggers = WafTrigger.Colon,
            Keywords = Words("script", "data"),
            Pattern = Regex(@"(?:java|vb|live)\s*script\s*:\s*(?:[\w$]+\s*[(\[.=`]|/|\{|%)|\bdata\s*:\s*(?:text/html|application/(?:x-)?javascript|text/javascript)"),
        };
        yield return Rule(140130, 1, WafSeverity.Critical, "tag that embeds or loads content (iframe, object, svg, base, meta)") with
        {
            Triggers = WafTrigger.Angle,
            Pattern = Regex(@"<\s*/?\s*(?:iframe|frame|frameset|object|embed|applet|svg|math|base|meta|link|xss|isindex|import|bgsound|layer|ilayer|animate|handler|listener)\b"),
        };
        yield return Rule(140140, 1, WafSeverity.Critical, "DOM sink (document.cookie, eval(, String.fromCharCode)") with
        {
            Triggers = WafTrigger.Dot | WafTrigger.Paren | WafTrigger.Equals,
            Keywords = Words("document", "window.", "fromcharcode", "eval", "settimeout", "setinterval", "function", "innerhtml", "location", "constructor", "import"),
            Pattern = Regex(@"\bdocument\s*\.\s*(?:cookie|write(?:ln)?|domain|location)\b|\bwindow\.(?:location|open|name)\b|\.\s*fromCharCode\s*\(|\beval\s*\(|\b(?:setTimeout|setInterval|Function)\s*\(\s*['""`]|\binnerHTML\s*=|\blocation\s*\.\s*(?:href|hash|replace)\s*[=(]|\bconstructor\s*\(|\bimport\s*\(\s*['""`]"),
        };
        yield return Rule(140150, 2, WafSeverity.Error, "dialog call (alert(, prompt`)") with
        {
            Triggers = WafTrigger.Paren | WafTrigger.Backtick,
            Keywords = Words("alert", "prompt", "confirm"),
            Pattern = Regex(@"\b(?:alert|prompt|confirm)\s*[(`]"),
        };
        yield return Rule(140160, 2, WafSeverity.Error, "any HTML tag, comment or CDATA section") with
        {
            Triggers = WafTrigger.Angle,
            Pattern = Regex(@"<\s*/?\s*[a-z][a-z0-9-]*[\s/>]|<!--|<!\[cdata\["),
        };
        yield return Rule(140170, 3, WafSeverity.Warning, "entity- or escape-encoded angle bracket (&lt;, &#60;, \\u003c)") with
        {
            Triggers = WafTrigger.ShellMeta | WafTrigger.Slash | WafTrigger.Percent | WafTrigger.Symbol,
            Pattern = Regex(@"&(?:#0*(?:60|62)|#x0*(?:3c|3e)|lt|gt);?|\\u0*(?:3c|3e)|\\x(?:3c|3e)|%u00(?:3c|3e)|\+ADw-"),
        };
    }

    private static WafRule Rule(int id, int level, WafSeverity severity, string description) =>
        new(id, WafCategory.CrossSiteScripting, level, severity, Where, description);
}
