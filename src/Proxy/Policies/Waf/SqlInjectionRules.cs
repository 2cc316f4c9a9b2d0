using System.Buffers;
using static GitGateway.Proxy.Policies.Waf.WafPatterns;

namespace GitGateway.Proxy.Policies.Waf;

/// <summary>
/// SQL injection (ids 1501xx). Level 1 looks for the shapes an injection needs to work — a quote closed and
/// followed by a boolean test, UNION SELECT, a stacked statement, a time delay, a catalogue table — so a quote on
/// its own (<c>O'Brien</c>) does not count. Levels 2–4 add keyword and special-character heuristics that also
/// catch looser payloads, at the price of false positives on free text.
/// </summary>
internal static class SqlInjectionRules
{
    private const WafTargets Where = WafTargets.Injectable;

    // Characters that are rare in ordinary values and common in SQL payloads; '-' and '_' are left out because
    // identifiers, dates and base64url tokens are full of them.
    private static readonly SearchValues<char> Special = SearchValues.Create("~!@#$%^&*()+={}[]|:;\"'`<>\u00b4\u2018\u2019");

    private const WafTrigger SpecialTriggers = WafTrigger.Quote | WafTrigger.Angle | WafTrigger.ShellMeta | WafTrigger.Dollar | WafTrigger.Paren
        | WafTrigger.Brace | WafTrigger.Percent | WafTrigger.Equals | WafTrigger.Comment | WafTrigger.Colon | WafTrigger.Symbol | WafTrigger.NonAscii;

    public static IEnumerable<WafRule> Create()
    {
        yield return Rule(150100, 1, WafSeverity.Critical, "quote closed, then a boolean test (' OR '1'='1)") with
        {
            Triggers = WafTrigger.Quote,
            Pattern = Regex(@"['""`]\s*\)*\s*(?:(?:or|and|xor)\b|\|\||&&)\s*\(*\s*(?:['""`]?\s*[\w.-]*\s*['""`]?\s*\)*\s*(?:=|<=>|<>|!=|<=|>=|<|>|\blike\b|\brlike\b|\bregexp\b|\bis\s+(?:not\s+)?null\b|\bin\s*\(|\bbetween\s+\S+\s+and\b)|(?:true|false)\s*(?:--|#|/\*|;|$))"),
        };
        yield return Rule(150101, 1, WafSeverity.Critical, "numeric tautology (or 1=1)") with
        {
            Triggers = WafTrigger.Equals | WafTrigger.Angle,
            Keywords = Words("or ", "and ", "xor "),
            Pattern = Regex(@"\b(?:or|and|xor)\s+\(*\s*\d+\s*\)*\s*(?:=|<=>|<>|!=|<=|>=|<|>|\blike\b)\s*\(*\s*\d+"),
        };
        yield return Rule(150110, 1, WafSeverity.Critical, "UNION SELECT") with
        {
            Triggers = WafTrigger.Space | WafTrigger.Paren | WafTrigger.Comment | WafTrigger.Control | WafTrigger.Slash,
            Keywords = Words("union"),
            Pattern = Regex(@"\bunion\b[\s(]*(?:all\b|distinct\b)?[\s(]*select\b"),
        };
        yield return Rule(150120, 1, WafSeverity.Critical, "stacked statement after ';' (; DROP TABLE)") with
        {
            Triggers = WafTrigger.ShellMeta,
            Keywords = Words("drop", "truncate", "alter", "delete", "insert", "update", "create", "exec", "shutdown", "declare"),
            Pattern = Regex(@";\s*(?:drop\s+(?:table|database|schema|view|index|user)\b|truncate\s+table\b|alter\s+(?:table|user|database)\b|delete\s+from\b|insert\s+into\b|update\s+[\w.\[\]`""]+\s+set\b|create\s+(?:table|user|database)\b|exec(?:ute)?\s+(?:xp_|sp_|master\.|@)|shutdown\b|declare\s+@)"),
        };
        yield return Rule(150130, 1, WafSeverity.Critical, "time-delay function (SLEEP, BENCHMARK, WAITFOR DELAY)") with
        {
            Triggers = WafTrigger.Paren | WafTrigger.Quote | WafTrigger.Dot,
            Keywords = Words("sleep", "benchmark", "waitfor", "dbms_pipe", "dbms_lock"),
            Pattern = Regex(@"\b(?:pg_)?sleep\s*\(\s*\d+(?:\.\d+)?\s*\)|\bbenchmark\s*\(\s*\d+\s*,|\bwaitfor\s+(?:delay|time)\s+['""]|\bdbms_pipe\.receive_message\b|\bdbms_lock\.sleep\b"),
        };
        yield return Rule(150140, 1, WafSeverity.Critical, "quote closed, then the rest commented out (admin'--)") with
        {
            Triggers = WafTrigger.Quote,
            Pattern = Regex(@"['""`]\s*\)*\s*(?:(?:--|#)[\s-]*$|/\*)"),
        };
        yield return Rule(150150, 1, WafSeverity.Critical, "database catalogue or system procedure") with
        {
            // A catalogue name on its own is a word; in an injection it comes with spaces or punctuation.
            Triggers = WafTrigger.Space | WafTrigger.Dot | WafTrigger.Symbol | WafTrigger.Paren | WafTrigger.Quote | WafTrigger.Comment
                | WafTrigger.ShellMeta | WafTrigger.Control | WafTrigger.Equals,
            Keywords = Words("information_schema", "sysobjects", "syscolumns", "sysusers", "pg_catalog", "pg_shadow", "mysql.user", "sqlite_master",
                "sqlite_schema", "all_tab_columns", "xp_cmdshell", "sp_executesql", "sp_oacreate", "@@version", "@@datadir", "msysaccessobjects"),
        };
        yield return Rule(150160, 1, WafSeverity.Critical, "file or network access from SQL (LOAD_FILE, INTO OUTFILE, UTL_HTTP)") with
        {
            Triggers = WafTrigger.Paren | WafTrigger.Space | WafTrigger.Dot | WafTrigger.Control,
            Keywords = Words("load_file", "outfile", "dumpfile", "utl_", "dbms_", "lo_import", "lo_export"),
            Pattern = Regex(@"\bload_file\s*\(|\binto\s+(?:out|dump)file\b|\butl_(?:http|inaddr|file)\.|\bdbms_(?:java|scheduler|xmlquery)\b|\blo_(?:import|export)\s*\("),
        };
        yield return Rule(150170, 2, WafSeverity.Critical, "SQL statement shape (SELECT … FROM, INSERT INTO … VALUES)") with
        {
            Triggers = WafTrigger.Space | WafTrigger.Control | WafTrigger.Paren | WafTrigger.Comment,
            Keywords = Words("select", "insert", "delete", "update"),
            Pattern = Regex(@"\bselect\b[^;]*\bfrom\b|\binsert\s+into\b[^;]*\bvalues\b|\bdelete\s+from\s+\w|\bupdate\s+\w+\s+set\s+\w+\s*="),
        };
        yield return Rule(150180, 2, WafSeverity.Error, "SQL keyword right after a quote") with
        {
            Triggers = WafTrigger.Quote,
            Pattern = Regex(@"['""`]\s*\)*\s*(?:(?:or|and|xor|union|select|having|where|limit|procedure)\b|order\s+by\b|group\s+by\b|\|\|)"),
        };
        yield return Rule(150190, 2, WafSeverity.Error, "SQL function call (CHAR(, CONCAT(, SUBSTRING(, EXTRACTVALUE()") with
        {
            Triggers = WafTrigger.Paren,
            Pattern = Regex(@"\b(?:char|chr|concat(?:_ws)?|group_concat|ascii|hex|unhex|substr(?:ing)?|mid|ord|cast|convert|version|database|current_user|schema|extractvalue|updatexml)\s*\("),
        };
        yield return Rule(150200, 2, WafSeverity.Warning, "12 or more SQL special characters") with
        {
            Targets = WafTargets.Args | WafTargets.Cookie,
            Triggers = SpecialTriggers,
            Test = static v => Count(v, Special, 12) >= 12,
        };
        yield return Rule(150201, 3, WafSeverity.Warning, "6 or more SQL special characters") with
        {
            Targets = WafTargets.Args | WafTargets.Cookie,
            Triggers = SpecialTriggers,
            Test = static v => Count(v, Special, 6) >= 6,
        };
        yield return Rule(150202, 4, WafSeverity.Warning, "2 or more SQL special characters") with
        {
            Targets = WafTargets.Args | WafTargets.Cookie,
            Triggers = SpecialTriggers,
            Test = static v => Count(v, Special, 2) >= 2,
        };
        yield return Rule(150210, 3, WafSeverity.Warning, "SQL comment sequence (/*, */, -- )") with
        {
            Triggers = WafTrigger.Comment,
            Pattern = Regex(@"/\*|\*/|--(?:\s|$)"),
        };
    }

    private static WafRule Rule(int id, int level, WafSeverity severity, string description) =>
        new(id, WafCategory.SqlInjection, level, severity, Where, description);
}
