using System.Text.Json;
using GitGateway.Plan.Model;
using GitGateway.Reconciler.Review.RoutingTests;

namespace GitGateway.Reconciler.Apply;

/// <summary>
/// What a canary node answered to one replayed routing test: the status, the backend that named itself in the
/// body (<c>{"backend": "namespace/name:port"}</c>), the redirect Location, or why the request could not be made.
/// </summary>
internal sealed record CanaryResponse(int Status, string? Backend, string? Location, string? Error)
{
    /// <summary>Sends <paramref name="request"/> to <paramref name="listener"/>'s port, the test's host in the URL (Host and SNI).</summary>
    public static async Task<CanaryResponse> SendAsync(HttpClient client, Listener listener, RoutingTestRequest request, TimeSpan timeout, int maxBody, CancellationToken cancellationToken)
    {
        var host = request.Host.Split(':')[0];
        var scheme = listener.Protocol == ListenerProtocol.HTTPS ? "https" : "http";
        // Test files come from Git: a host that is not a host name or a path that is not a path is not sent anywhere.
        if (!IsHostName(host) || !request.Path.StartsWith('/') || request.Path.StartsWith("//", StringComparison.Ordinal)
            || !Uri.TryCreate($"{scheme}://{host}:{listener.Port}{request.Path}", UriKind.Absolute, out var uri) || uri.Host != host.ToLowerInvariant())
        {
            return new CanaryResponse(0, null, null, "the test's host or path cannot be sent as a request");
        }

        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
        try
        {
            using var message = new HttpRequestMessage(new HttpMethod(request.Method), uri);
            foreach (var (name, value) in request.Headers.Where(h => !h.Key.Equals("Host", StringComparison.OrdinalIgnoreCase)))
            {
                message.Headers.TryAddWithoutValidation(name, value);
            }

            using var response = await client.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cts.Token);
            var location = response.Headers.Location?.ToString();
            return new CanaryResponse((int)response.StatusCode, await BackendAsync(response, maxBody, cts.Token), location, null);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new CanaryResponse(0, null, null, $"no answer within {timeout.TotalSeconds:0} s");
        }
        catch (Exception e) when (e is HttpRequestException or FormatException or InvalidOperationException or ArgumentException)
        {
            return new CanaryResponse(0, null, null, e.Message);
        }
    }

    private static async Task<string?> BackendAsync(HttpResponseMessage response, int maxBody, CancellationToken cancellationToken)
    {
        if (response.Content.Headers.ContentType?.MediaType != "application/json")
        {
            return null;
        }

        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[maxBody];
        var read = 0;
        int n;
        while (read < buffer.Length && (n = await stream.ReadAsync(buffer.AsMemory(read), cancellationToken)) > 0)
        {
            read += n;
        }

        try
        {
            using var doc = JsonDocument.Parse(buffer.AsMemory(0, read));
            return doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("backend", out var b) && b.ValueKind == JsonValueKind.String
                ? b.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static bool IsHostName(string host) =>
        host.Length is > 0 and <= 253 && host.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-');
}
