using static GitGateway.Proxy.Policies.Waf.WafPatterns;

namespace GitGateway.Proxy.Policies.Waf;

/// <summary>
/// Remote command and code injection (ids 1301xx): a shell command chained after <c>;</c>, <c>|</c>, <c>&amp;&amp;</c>
/// or inside <c>$( )</c>, Shellshock function definitions, Log4j JNDI lookups, Windows command interpreters, PHP
/// code, and expression-language payloads (OGNL, SpEL). Level 2 adds shell paths and backtick substitution;
/// level 3 any word chained after a shell metacharacter.
/// </summary>
internal static class CommandInjectionRules
{
    private const WafTargets Where = WafTargets.Injectable;

    private const string Chain = @"(?:;|\|\|?|&&|\n|`|\$\()\s*";

    private static readonly System.Text.RegularExpressions.Regex ChainedCommand = Regex(Chain + @"(?:wget|curl|nc|ncat|netcat|bash|sh|zsh|ksh|dash|chmod|chown|python[23]?|perl|ruby|php|powershell|pwsh|busybox|telnet|socat|base64|xxd|tftp|rm|mkfifo|nohup|cat|tac|head|tail|more|less|nl|od|strings)\s+(?:--?\w|\+\w|\.{0,2}/|~|https?:|ftp:|\$|['""`]|\w+\.\w+|[<>|;&])"
        + "|" + Chain + @"(?:wget|curl|bash|sh|zsh|id|whoami|uname|pwd|ifconfig|ipconfig|hostname|printenv|ls|ps|netstat)\s*(?:$|[;|&`#)\n])"
        + @"|\$\{?IFS\b");

    public static IEnumerable<WafRule> Create()
    {
        yield return Rule(130100, 1, WafSeverity.Critical, "shell command chained after ; | && or in $( )", Where) with
        {
            Triggers = WafTrigger.ShellMeta | WafTrigger.Backtick | WafTrigger.Dollar | WafTrigger.Control,
            Test = static v => WafShellScanner.FindCommand(v) is var at and >= 0 && ChainedCommand.IsMatch(v[at..]),
        };
        yield return Rule(130110, 1, WafSeverity.Critical, "Shellshock function definition (() { :; };)", Where) with
        {
            Triggers = WafTrigger.Brace,
            Pattern = Regex(@"\(\s*\)\s*\{[^}]*;\s*\}\s*;"),
        };
        yield return Rule(130120, 1, WafSeverity.Critical, "Log4j lookup (${jndi:, nested ${, ${::-x})", Where | WafTargets.Path | WafTargets.ContentType) with
        {
            Triggers = WafTrigger.Dollar,
            Keywords = Words("${"),
            Pattern = Regex(@"\$\{\s*(?:jndi|env|sys|java|ctx|main|bundle|k8s|docker|spring|log4j|lower|upper|base64|date)\s*:|\$\{[^}]{0,40}\$\{|\$\{[^}]{0,40}:-"),
        };
        yield return Rule(130130, 1, WafSeverity.Critical, "Windows command interpreter (cmd /c, powershell -enc, certutil)", Where) with
        {
            Triggers = WafTrigger.Space | WafTrigger.Slash | WafTrigger.Control,
            Keywords = Words("cmd", "powershell", "certutil", "bitsadmin", "mshta", "regsvr32", "rundll32", "wmic"),
            Pattern = Regex(@"\bcmd(?:\.exe)?\s*/[ckr]\b|\bpowershell(?:\.exe)?\s+-(?:e|ec|enc|encodedcommand|c|command|nop|noprofile|w|windowstyle|exec|executionpolicy)\b|\b(?:certutil|bitsadmin|mshta|regsvr32|rundll32|wmic)(?:\.exe)?\s+[-/]\w"),
        };
        yield return Rule(130140, 1, WafSeverity.Critical, "PHP code (<?php, system('…'))", Where) with
        {
            Triggers = WafTrigger.Angle | WafTrigger.Paren,
            Keywords = Words("<?", "shell_exec", "passthru", "proc_open", "popen", "pcntl_exec", "system", "exec", "assert"),
            Pattern = Regex(@"<\?(?:php\b|=)|\b(?:shell_exec|passthru|proc_open|popen|pcntl_exec|system|exec|assert)\s*\(\s*(?:['""$]|base64_decode|str_rot13|gzinflate)"),
        };
        yield return Rule(130150, 1, WafSeverity.Critical, "expression-language payload (OGNL %{…}, SpEL ${T(…)}, java.lang.Runtime)", Where | WafTargets.ContentType) with
        {
            Triggers = WafTrigger.Brace | WafTrigger.Dot | WafTrigger.Comment,
            Keywords = Words("%{", "${", "#{", "_memberaccess", "@java", "java.lang"),
            Pattern = Regex(@"%\{[^}]*(?:#|@|\(|\.)|\$\{\s*T\s*\(|#\{[^}]*(?:\(|@)|#_memberAccess|@java\.lang|java\.lang\.(?:Runtime|ProcessBuilder)"),
        };
        yield return Rule(130160, 2, WafSeverity.Error, "Unix shell or device path (/bin/sh, /dev/tcp/)", Where) with
        {
            Triggers = WafTrigger.Slash,
            Pattern = Regex(@"/bin/(?:ba|z|k|da|c|tc)?sh\b|/dev/(?:tcp|udp)/|/usr/(?:local/)?bin/(?:env|perl|python\d?|ruby|php|nc|wget|curl)\b"),
        };
        yield return Rule(130170, 2, WafSeverity.Warning, "backtick command substitution", Where) with
        {
            Triggers = WafTrigger.Backtick,
            Pattern = Regex(@"`\s*[a-z_][\w.-]*(?:\s[^`]*)?`"),
        };
        yield return Rule(130180, 3, WafSeverity.Warning, "a word chained after a shell metacharacter", Where) with
        {
            Triggers = WafTrigger.ShellMeta | WafTrigger.Backtick | WafTrigger.Dollar,
            Pattern = Regex(@"(?:;|\|\|?|&&|`|\$\()\s*[a-z_][\w.-]{1,30}(?:\s+[-/$~.]|\s*$)"),
        };
    }

    private static WafRule Rule(int id, int level, WafSeverity severity, string description, WafTargets targets) =>
        new(id, WafCategory.CommandInjection, level, severity, targets, description);
}
