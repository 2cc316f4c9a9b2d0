using static GitGateway.Proxy.Policies.Waf.WafPatterns;

namespace GitGateway.Proxy.Policies.Waf;

/// <summary>
/// Known scanners (ids 1101xx): security scanners by their User-Agent, out-of-band callback domains their probes
/// plant in requests, and, at level 3, generic HTTP libraries and command-line clients.
/// </summary>
internal static class ScannerRules
{
    public static IEnumerable<WafRule> Create()
    {
        yield return Rule(110100, 1, WafSeverity.Critical, "security scanner User-Agent (sqlmap, nikto, nuclei, …)", WafTargets.UserAgent) with
        {
            Keywords = Words("sqlmap", "nikto", "nmap scripting engine", "masscan", "zgrab", "dirbuster", "gobuster", "wpscan", "nuclei", "acunetix",
                "netsparker", "w3af", "havij", "arachni", "openvas", "nessus", "zmeu", "jaeles", "fimap", "wfuzz", "fuzz faster u fool", "commix",
                "bbqsql", "morfeus", "jorgee", "whatweb", "skipfish", "paros", "webinspect", "appscan", "qualys", "burp collaborator"),
        };
        yield return Rule(110110, 1, WafSeverity.Critical, "scanner probe marker or out-of-band callback domain", WafTargets.Injectable | WafTargets.Path) with
        {
            Triggers = WafTrigger.Dot | WafTrigger.Comment,
            Keywords = Words("burpcollaborator.net", "oastify.com", "interact.sh", "oast.pro", "oast.live", "oast.site", "oast.online", "oast.fun",
                "oast.me", "dnslog.cn", "ceye.io", "canarytokens.com", "acunetix-wvs-test"),
        };
        yield return Rule(110120, 3, WafSeverity.Notice, "HTTP library or command-line client User-Agent (curl, python-requests)", WafTargets.UserAgent) with
        {
            Keywords = Words("python-requests", "python-urllib", "python-httpx", "aiohttp", "go-http-client", "libwww-perl", "lwp-trivial", "java/",
                "okhttp", "curl/", "wget/", "httpie", "powershell", "apache-httpclient", "node-fetch", "axios/", "guzzlehttp", "scrapy"),
        };
    }

    private static WafRule Rule(int id, int level, WafSeverity severity, string description, WafTargets targets) =>
        new(id, WafCategory.ScannerDetection, level, severity, targets, description);
}
