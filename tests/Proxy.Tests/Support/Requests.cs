using System.Net.Http.Json;

namespace GitGateway.Proxy.Tests.Support;

/// <summary>Request helpers for tests.</summary>
internal static class Requests
{
    public static async Task<(HttpResponseMessage Response, EchoReply? Echo)> GetAsync(HttpClient client, string target, string? host = null, Action<HttpRequestMessage>? configure = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, target)
        {
            Version = client.DefaultRequestVersion,
            VersionPolicy = client.DefaultVersionPolicy,
        };
        if (host is not null)
        {
            request.Headers.Host = host;
        }

        configure?.Invoke(request);
        var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
        EchoReply? echo = null;
        if (response.Content.Headers.ContentType?.MediaType == "application/json")
        {
            echo = await response.Content.ReadFromJsonAsync<EchoReply>(TestContext.Current.CancellationToken);
        }

        return (response, echo);
    }

    /// <summary>The body of a raw HTTP/1.1 response text, with chunked framing removed.</summary>
    public static string Body(string response)
    {
        var split = response.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var head = response[..split];
        var body = response[(split + 4)..];
        if (!head.Contains("Transfer-Encoding: chunked", StringComparison.OrdinalIgnoreCase))
        {
            return body;
        }

        var result = new System.Text.StringBuilder();
        while (true)
        {
            var lineEnd = body.IndexOf("\r\n", StringComparison.Ordinal);
            var size = Convert.ToInt32(body[..lineEnd], 16);
            if (size == 0)
            {
                return result.ToString();
            }

            result.Append(body, lineEnd + 2, size);
            body = body[(lineEnd + 2 + size + 2)..];
        }
    }
}
