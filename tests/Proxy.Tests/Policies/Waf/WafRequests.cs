using System.Text;
using GitGateway.Proxy.Policies.Waf;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace GitGateway.Proxy.Tests.Policies.Waf;

/// <summary>Requests as Kestrel presents them to the WAF: the raw target, a browser's usual headers, an optional body.</summary>
internal static class WafRequests
{
    public const string Chrome = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36";

    public static DefaultHttpContext Get(string target, params (string Name, string Value)[] headers) => Build("GET", target, headers);

    public static DefaultHttpContext Post(string target, string contentType, string body, params (string Name, string Value)[] headers) =>
        Post(target, contentType, Encoding.UTF8.GetBytes(body), headers);

    public static DefaultHttpContext Post(string target, string contentType, byte[] body, params (string Name, string Value)[] headers)
    {
        var context = Build("POST", target, headers);
        context.Request.ContentType = contentType;
        context.Request.ContentLength = body.Length;
        context.Request.Body = new MemoryStream(body);
        return context;
    }

    /// <summary>The ids of the rules the request matches at <paramref name="level"/>, and its score there.</summary>
    public static async Task<(int[] Rules, int Score)> InspectAsync(HttpContext context, int level = 1)
    {
        var findings = await WafGuard.InspectAsync(context, level);
        return (findings.Rules().Select(r => r.Id).ToArray(), findings.Score(level));
    }

    public static async Task<string> ReadBodyAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        return await reader.ReadToEndAsync(TestContext.Current.CancellationToken);
    }

    private static DefaultHttpContext Build(string method, string target, (string Name, string Value)[] headers)
    {
        var context = new DefaultHttpContext();
        var request = context.Request;
        request.Method = method;
        context.Features.Get<IHttpRequestFeature>()!.RawTarget = target;
        var query = target.IndexOf('?', StringComparison.Ordinal);
        request.Path = PathString.FromUriComponent(query < 0 ? target : target[..query]);
        request.Headers.Host = "shop.example.com";
        request.Headers.UserAgent = Chrome;
        request.Headers.Accept = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";
        request.Headers.AcceptLanguage = "en-GB,en;q=0.9";
        foreach (var (name, value) in headers)
        {
            request.Headers[name] = value;
        }

        return context;
    }
}
