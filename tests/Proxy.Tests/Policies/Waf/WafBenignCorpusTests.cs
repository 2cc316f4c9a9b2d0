using static GitGateway.Proxy.Tests.Policies.Waf.WafRequests;

namespace GitGateway.Proxy.Tests.Policies.Waf;

/// <summary>False positives: ordinary traffic must not score at paranoia level 1.</summary>
public sealed class WafBenignCorpusTests
{
    private const string Cookies = "_ga=GA1.2.1234567890.1700000000; _gid=GA1.2.987654321.1700000000; "
        + "session=eyJhbGciOiJIUzI1NiJ9.eyJ1c2VyIjoiYWxpY2UiLCJyb2xlcyI6WyJhZG1pbiJdfQ.Zm9v-YmFy_YmF6; theme=dark; "
        + "consent=%7B%22ads%22%3Afalse%2C%22analytics%22%3Atrue%7D; cart=\"3 items\"; lang=en-GB";

    [Theory]
    [InlineData("/")]
    [InlineData("/api/v1/orders?page=2&per_page=50&sort=-created_at&fields=id,total,status")]
    [InlineData("/search?q=O%27Brien")]
    [InlineData("/search?q=O'Brien+and+sons")]
    [InlineData("/search?q=Rock+%27n%27+Roll")]
    [InlineData("/search?q=it%27s+a+%27must+have%27+or+%27nice+to+have%27")]
    [InlineData("/search?q=don%27t+stop+believin%27")]
    [InlineData("/search?q=C%23+and+F%23+--+a+comparison")]
    [InlineData("/search?q=1+%2B+1+%3D+2")]
    [InlineData("/search?q=tom+%26+jerry")]
    [InlineData("/search?q=100%25+cotton+t-shirt")]
    [InlineData("/search?q=caf%C3%A9+cr%C3%A8me")]
    [InlineData("/search?q=javascript%3A+the+good+parts")]
    [InlineData("/search?q=how+to+select+a+file+from+the+list")]
    [InlineData("/search?q=python+3.12+release+notes;+bash+scripting")]
    [InlineData("/files/reports%2F2024%2Fq1.pdf")]
    [InlineData("/repos/acme%2Fwidgets/issues?state=open&labels=bug%2Cui")]
    [InlineData("/api/users/42/avatar.png?v=3")]
    [InlineData("/callback?code=4%2F0AX4XfWh-abc_def&state=eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjMifQ.abc-_def&scope=openid+email")]
    [InlineData("/redirect?next=https%3A%2F%2Fshop.example.com%2Fcart%3Fitem%3D1%26qty%3D2")]
    [InlineData("/api/time?from=2024-01-01T00:00:00Z&to=2024-01-31T23:59:59%2B01:00&tz=Europe%2FLondon")]
    [InlineData("/products?tags[]=red&tags[]=blue&filter[price][gte]=10&filter[price][lte]=20")]
    [InlineData("/.well-known/openid-configuration")]
    [InlineData("/static/js/app.3f9a1c.min.js")]
    [InlineData("/api/search?q=%22exact+phrase%22+-excluded+site%3Aexample.com")]
    [InlineData("/api/items?email=alice%40example.com&phone=%2B44+20+7946+0958")]
    [InlineData("/search?q=use+`npm+ci`+in+CI")]
    public async Task Inspect_BenignTargetWithBrowserHeaders_ScoresZeroAtLevel1(string target)
    {
        var (rules, score) = await InspectAsync(Get(target, ("Cookie", Cookies), ("Referer", "https://shop.example.com/products?category=shoes&sort=price")));

        Assert.True(score == 0, $"{target} matched {string.Join(',', rules)}");
    }

    [Theory]
    [InlineData("Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0")]
    [InlineData("Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1")]
    [InlineData("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36")]
    [InlineData("curl/8.5.0")]
    [InlineData("okhttp/4.12.0")]
    [InlineData("Googlebot/2.1 (+http://www.google.com/bot.html)")]
    public async Task Inspect_CommonUserAgents_ScoreZeroAtLevel1(string userAgent)
    {
        var (rules, score) = await InspectAsync(Get("/api/v1/items?limit=20", ("User-Agent", userAgent)));

        Assert.True(score == 0, $"{userAgent} matched {string.Join(',', rules)}");
    }

    [Theory]
    [InlineData("application/json", """{"name":"O'Brien","comment":"He said \"hello\" and left; it's fine (really).","tags":["a","b"],"count":3,"ok":true,"nested":{"url":"https://example.com/a?b=c&d=e"}}""")]
    [InlineData("application/json; charset=utf-8", """{"title":"Release notes","body":"Run `npm install` then `npm start`.\n\nSee the docs (v2) -- section 'Setup' or 'Upgrade'.","price":"9.99","currency":"EUR"}""")]
    [InlineData("application/merge-patch+json", """{"display_name":"Zoë & Friends","bio":"I <3 cats","website":"https://zoe.example"}""")]
    [InlineData("application/json", """[{"id":1,"op":"replace","path":"/status","value":"done"},{"id":2,"op":"add","path":"/tags/-","value":"x"}]""")]
    [InlineData("application/x-www-form-urlencoded", "username=alice&password=p%40ss+w0rd%21&remember=on&redirect=%2Fdashboard")]
    [InlineData("application/x-www-form-urlencoded; charset=UTF-8", "comment=Great+product%2C+I%27d+buy+it+again%21+5%2F5&rating=5")]
    public async Task Inspect_BenignBody_ScoresZeroAtLevel1(string contentType, string body)
    {
        var (rules, score) = await InspectAsync(Post("/api/v1/items", contentType, body, ("Cookie", Cookies)));

        Assert.True(score == 0, $"{body} matched {string.Join(',', rules)}");
    }
}
