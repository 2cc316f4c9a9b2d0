using static GitGateway.Proxy.Policies.Waf.WafPatterns;

namespace GitGateway.Proxy.Policies.Waf;

/// <summary>
/// Path traversal and file inclusion (ids 1201xx): <c>../</c> segments (also encoded, double-encoded and overlong
/// UTF-8 in the raw target), well-known operating-system files, files a web server must never serve
/// (<c>.git/</c>, <c>.env</c>), and URL schemes that make an include read a local file or a remote script.
/// </summary>
internal static class PathTraversalRules
{
    private const WafTargets Where = WafTargets.Path | WafTargets.Args | WafTargets.Cookie;

    public static IEnumerable<WafRule> Create()
    {
        yield return Rule(120100, 1, WafSeverity.Critical, "'..' path segment", Where) with
        {
            Triggers = WafTrigger.Dot,
            Keywords = Words(".."),
            Pattern = Regex(@"(?:^|[\\/])\.\.(?:[\\/;]|$)"),
        };
        yield return Rule(120110, 1, WafSeverity.Critical, "encoded, double-encoded or overlong-UTF-8 '../' in the request target", WafTargets.RawTarget) with
        {
            Triggers = WafTrigger.Percent,
            Pattern = Regex(@"(?:%2e|\.)(?:%2e|\.)(?:%2f|%5c)|%2e%2e|(?:%25)+2e(?:%25)+2e|%c0%a[ef]|%c1%[89]c|%e0%80%a[ef]|%u(?:002e|2215|2216|ff0e|ff0f)"),
        };
        yield return Rule(120120, 1, WafSeverity.Critical, "well-known operating-system file (etc/passwd, win.ini)", Where) with
        {
            Triggers = WafTrigger.Slash | WafTrigger.Dot,
            Keywords = Words("etc/passwd", "etc/shadow", "etc/group", "etc/hosts", "etc/issue", "etc/sudoers", "etc/crontab", "proc/self/",
                "proc/version", "boot.ini", "win.ini", "system.ini", "windows/system32", "windows\\system32", "system32\\config", "web-inf/web.xml",
                "web-inf\\web.xml", ".ssh/authorized_keys", ".ssh/id_", ".aws/credentials", ".bash_history", ".htpasswd"),
        };
        yield return Rule(120130, 1, WafSeverity.Critical, "file a web server must not serve (.git/, .env, .htaccess, web.config)", WafTargets.Path) with
        {
            Triggers = WafTrigger.Dot,
            Pattern = Regex(@"(?:^|/)\.(?:git|svn|hg|bzr|env|htaccess|htpasswd|ds_store|aws|ssh|npmrc|docker|bash_history)(?:/|$|\.)|(?:^|/)(?:wp-config\.php|web\.config|\.user\.ini|php\.ini)(?:$|[/~.])"),
        };
        yield return Rule(120140, 1, WafSeverity.Critical, "stream-wrapper or lookup URL (php://, file://, expect://, ldap://)", WafTargets.Args | WafTargets.Cookie) with
        {
            Triggers = WafTrigger.Colon,
            Keywords = Words("://"),
            Pattern = Regex(@"\b(?:php|file|expect|phar|zip|glob|data|gopher|dict|jar|ldaps?|rmi|tftp|netdoc|jndi)://"),
        };
        yield return Rule(120150, 2, WafSeverity.Error, "argument is a URL to a bare IP address (remote inclusion)", WafTargets.Args) with
        {
            Triggers = WafTrigger.Colon,
            Keywords = Words("://"),
            Pattern = Regex(@"^\s*(?:https?|ftps?)://\d{1,3}(?:\.\d{1,3}){3}"),
        };
        yield return Rule(120160, 2, WafSeverity.Error, "argument is an absolute path into system directories", WafTargets.Args | WafTargets.Cookie) with
        {
            Triggers = WafTrigger.Slash,
            Pattern = Regex(@"^\s*(?:file:/*)?/(?:etc|proc|sys|root|dev|var/log)/|^\s*[a-z]:\\+(?:windows|winnt|boot)\b"),
        };
    }

    private static WafRule Rule(int id, int level, WafSeverity severity, string description, WafTargets targets) =>
        new(id, WafCategory.PathTraversal, level, severity, targets, description);
}
