using System.Text;
using BenchmarkDotNet.Attributes;
using GitGateway.Proxy.Policies.Waf;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace GitGateway.Proxy.Benchmarks;

/// <summary>
/// WAF inspection of one request (head, and a JSON body for the POST) at paranoia levels 1 and 4: a typical browser
/// request with cookies, the same request carrying SQL injection and XSS payloads, and a small JSON API call. On a
/// shared machine read the Min column: the mean there mostly measures the other processes.
/// </summary>
[MemoryDiagnoser]
[MinColumn]
[MedianColumn]
public class WafInspectionBenchmarks
{
    private const string Chrome = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36";
    private const string Cookies = "_ga=GA1.2.1234567890.1700000000; session=eyJhbGciOiJIUzI1NiJ9.eyJ1c2VyIjoiYWxpY2UifQ.Zm9v-YmFy_YmF6; theme=dark";
    private static readonly byte[] Json = Encoding.UTF8.GetBytes("""{"name":"O'Brien","email":"alice@example.com","items":[{"sku":"A-100","qty":2},{"sku":"B-7","qty":1}],"note":"leave at the door, thanks"}""");
    private DefaultHttpContext _benign = new();
    private DefaultHttpContext _attack = new();
    private DefaultHttpContext _json = new();
    private readonly MemoryStream _jsonBody = new(Json);

    [Params(1, 4)]
    public int Level { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _benign = Request("GET", "/api/v1/products?category=shoes&sort=-price&page=2&q=running+shoes");
        _attack = Request("GET", "/api/v1/products?category=shoes'%20UNION%20SELECT%20password%20FROM%20users--&q=%3Cscript%3Ealert(1)%3C/script%3E");
        _json = Request("POST", "/api/v1/orders");
        _json.Request.ContentType = "application/json";
        _json.Request.ContentLength = Json.Length;
        _ = Run(WafGuard.InspectAsync(_benign, 4)); // builds the catalogue
    }

    [Benchmark(Baseline = true)]
    public int BenignGet() => Run(WafGuard.InspectAsync(_benign, Level));

    [Benchmark]
    public int AttackGet() => Run(WafGuard.InspectAsync(_attack, Level));

    [Benchmark]
    public int BenignJsonPost()
    {
        _jsonBody.Position = 0;
        _json.Request.Body = _jsonBody;
        var count = Run(WafGuard.InspectAsync(_json, Level));
        _json.Request.Body.Dispose(); // the replay stream: returns its pooled buffer, as the end of a request does
        return count;
    }

    /// <summary>Inspection without a body completes synchronously; waiting on it must not allocate a task.</summary>
    private static int Run(ValueTask<WafFindings> inspection) =>
        (inspection.IsCompletedSuccessfully ? inspection.Result : inspection.AsTask().GetAwaiter().GetResult()).Count;

    private static DefaultHttpContext Request(string method, string target)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = method;
        context.Features.Get<IHttpRequestFeature>()!.RawTarget = target;
        var headers = context.Request.Headers;
        headers.Host = "shop.example.com";
        headers.UserAgent = Chrome;
        headers.Accept = "application/json, text/plain, */*";
        headers.Referer = "https://shop.example.com/products?category=shoes";
        headers.Cookie = Cookies;
        return context;
    }
}
