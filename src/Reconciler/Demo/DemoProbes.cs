using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;

namespace GitGateway.Reconciler.Demo;

/// <summary>
/// What the demo's banner tells a newcomer to try, tried by <c>gitgateway demo --self-check</c> with the same
/// requests: the canary (weighted and pinned by header), a gRPC method, the TCP route, TLS passthrough (the
/// certificate is the backend's), and the node's and control plane's <c>/readyz</c> and <c>/metrics</c>. Each probe
/// returns one line: what it saw, or why it failed.
/// </summary>
internal static class DemoProbes
{
    private const string PassthroughSubject = "CN=demo passthrough backend";

    /// <summary>Runs every probe in order; the first failure ends it.</summary>
    public static async Task<(bool Ok, IReadOnlyList<string> Lines)> RunAsync(DemoEndpoints endpoints, CancellationToken cancellationToken)
    {
        var lines = new List<string>();
        foreach (var probe in new Func<DemoEndpoints, CancellationToken, Task<(bool, string)>>[] { CanaryAsync, GrpcAsync, TcpAsync, TlsPassthroughAsync, ReadyAndMetricsAsync })
        {
            var (ok, line) = await probe(endpoints, cancellationToken);
            lines.Add(line);
            if (!ok)
            {
                return (false, lines);
            }
        }

        return (true, lines);
    }

    private static async Task<(bool, string)> CanaryAsync(DemoEndpoints endpoints, CancellationToken cancellationToken)
    {
        using var client = Client(endpoints.Port(443), null);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < 200; i++)
        {
            var backend = await BackendAsync(client, new HttpRequestMessage(HttpMethod.Get, "https://store.example.com/api/cart"), cancellationToken) ?? "no answer";
            counts[backend] = counts.GetValueOrDefault(backend) + 1;
        }

        using var pinned = new HttpRequestMessage(HttpMethod.Get, "https://store.example.com/api/cart");
        pinned.Headers.Add("X-Canary", "always");
        var pinnedTo = await BackendAsync(client, pinned, cancellationToken);
        var split = string.Join(", ", counts.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key} {kv.Value}"));
        var v1 = counts.GetValueOrDefault("store/store-api-v1:8080");
        var v2 = counts.GetValueOrDefault("store/store-api-v2:8080");

        // 90/10 over 200 requests: no v2 at all has a chance of 0.9^200 (1e-9); v1 under v2 would be a broken split.
        var ok = v1 + v2 == 200 && v2 > 0 && v1 > v2 && pinnedTo == "store/store-api-v2:8080";
        return (ok, $"canary: 200 requests to /api answered by {split}; with X-Canary: always by {pinnedTo ?? "nothing"}");
    }

    private static async Task<(bool, string)> GrpcAsync(DemoEndpoints endpoints, CancellationToken cancellationToken)
    {
        using var client = Client(endpoints.Port(443), null);
        using var request = new HttpRequestMessage(HttpMethod.Post, "https://pay.example.com/payments.v1.Payments/Charge")
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent([]),
        };
        request.Content.Headers.ContentType = new("application/grpc");
        request.Headers.TE.ParseAdd("trailers");
        var backend = await BackendAsync(client, request, cancellationToken);
        return (backend == "payments/payments-grpc:9090", $"gRPC: payments.v1.Payments/Charge over HTTP/2 answered by {backend ?? "nothing"}");
    }

    private static async Task<(bool, string)> TcpAsync(DemoEndpoints endpoints, CancellationToken cancellationToken)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var backend = await BackendAsync(client, new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{endpoints.Port(5432)}/"), cancellationToken);
        return (backend == "payments/payments-db:5432", $"TCP: port 5432 (127.0.0.1:{endpoints.Port(5432)}) forwarded to {backend ?? "nothing"}");
    }

    private static async Task<(bool, string)> TlsPassthroughAsync(DemoEndpoints endpoints, CancellationToken cancellationToken)
    {
        string? subject = null;
        using var client = Client(endpoints.Port(8443), certificate => subject = certificate?.Subject);
        var backend = await BackendAsync(client, new HttpRequestMessage(HttpMethod.Get, "https://os.search.example.com/"), cancellationToken);
        var ok = backend == "search/opensearch:9200" && subject == PassthroughSubject;
        return (ok, $"TLS passthrough: SNI os.search.example.com answered by {backend ?? "nothing"}, certificate {subject ?? "none"} (the backend's)");
    }

    private static async Task<(bool, string)> ReadyAndMetricsAsync(DemoEndpoints endpoints, CancellationToken cancellationToken)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var nodeReady = await StatusAsync(client, endpoints.Admin + "/readyz", cancellationToken);
        var controlReady = await StatusAsync(client, endpoints.Control + "/readyz", cancellationToken);
        var nodeMetrics = await client.GetStringAsync(new Uri(endpoints.Admin + "/metrics"), cancellationToken);
        var controlMetrics = await client.GetStringAsync(new Uri(endpoints.Control + "/metrics"), cancellationToken);
        var ok = nodeReady == HttpStatusCode.OK && controlReady == HttpStatusCode.OK
            && nodeMetrics.Contains("gitgateway_proxy_requests_total{", StringComparison.Ordinal)
            && controlMetrics.Contains("gitgateway_nodes{repository=\"default\",state=\"acked\"} 1", StringComparison.Ordinal);
        return (ok, $"/readyz: node {(int)nodeReady}, control plane {(int)controlReady}; /metrics: node counts requests per route, control plane has 1 node acked");
    }

    private static async Task<HttpStatusCode> StatusAsync(HttpClient client, string url, CancellationToken cancellationToken)
    {
        using var response = await client.GetAsync(new Uri(url), cancellationToken);
        return response.StatusCode;
    }

    /// <summary>The <c>backend</c> the echo backend names in its JSON answer; null when there is no such answer.</summary>
    internal static async Task<string?> BackendAsync(HttpClient client, HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using (request)
        {
            try
            {
                using var response = await client.SendAsync(request, cancellationToken);
                using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
                return doc.RootElement.TryGetProperty("backend", out var backend) ? backend.GetString() : null;
            }
            catch (Exception e) when (e is HttpRequestException or JsonException or InvalidOperationException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                return null;
            }
        }
    }

    /// <summary>
    /// A client that sends every request to 127.0.0.1:<paramref name="port"/> whatever its host (as
    /// <c>curl --resolve</c> does), so SNI and Host are the route's hostname; certificates are not checked
    /// (the demo's are self-signed), only shown to <paramref name="seen"/>.
    /// </summary>
    internal static HttpClient Client(int port, Action<X509Certificate?>? seen) => new(new SocketsHttpHandler
    {
        ConnectCallback = async (_, ct) =>
        {
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(IPAddress.Loopback, port, ct);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
        SslOptions = new SslClientAuthenticationOptions
        {
            RemoteCertificateValidationCallback = (_, certificate, _, _) =>
            {
                seen?.Invoke(certificate);
                return true;
            },
        },
    })
    { Timeout = TimeSpan.FromSeconds(5) };
}
