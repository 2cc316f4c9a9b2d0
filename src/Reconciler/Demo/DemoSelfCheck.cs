using System.Diagnostics;
using System.Net.Security;
using System.Net.Sockets;
using System.Text.Json;

namespace GitGateway.Reconciler.Demo;

/// <summary>
/// <c>gitgateway demo --self-check</c>: commits a routing change to the demo repository and measures how long
/// until the embedded node serves it (commit to serving), then exits 0, or 1 when it does not within 15 s.
/// </summary>
internal static class DemoSelfCheck
{
    public static async Task<int> RunAsync(TextWriter output, string work, IReadOnlyDictionary<int, int> portMap, TimeProvider time, CancellationToken cancellationToken)
    {
        using var client = Client(portMap[443]);
        if (!await WaitForAsync(client, "/", "store/store-web:8080", TimeSpan.FromSeconds(20), cancellationToken))
        {
            output.WriteLine("self-check: the node never served the seed plan");
            return 1;
        }

        var route = Path.Combine(work, "teams/store/routes/store-self-check.yaml");
        await File.WriteAllTextAsync(route, """
            apiVersion: gateway.networking.k8s.io/v1
            kind: HTTPRoute
            metadata: {name: store-self-check, namespace: store}
            spec:
              parentRefs: [{name: public, namespace: gateway-system, sectionName: https}]
              hostnames: ["store.example.com"]
              rules:
              - matches: [{path: {type: PathPrefix, value: /self-check}}]
                backendRefs: [{name: store-api-v1, port: 8080}]
            """, cancellationToken);
        DemoRunner.Git(work, "add", "-A");
        var started = time.GetTimestamp();
        DemoRunner.Git(work, "-c", "user.name=GitGateway demo", "-c", "user.email=demo@gitgateway.invalid", "commit", "--quiet", "-m", "self-check route");
        var ok = await WaitForAsync(client, "/self-check", "store/store-api-v1:8080", TimeSpan.FromSeconds(15), cancellationToken);
        var elapsed = time.GetElapsedTime(started);
        output.WriteLine(ok
            ? $"self-check: commit to serving in {elapsed.TotalMilliseconds:0} ms"
            : "self-check: the new route was not served within 15 s");
        return ok ? 0 : 1;
    }

    private static async Task<bool> WaitForAsync(HttpClient client, string path, string backend, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < timeout)
        {
            try
            {
                var body = await client.GetStringAsync(new Uri("https://store.example.com" + path), cancellationToken);
                using var doc = JsonDocument.Parse(body);
                if (doc.RootElement.GetProperty("backend").GetString() == backend)
                {
                    return true;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or JsonException or KeyNotFoundException or TaskCanceledException)
            {
                // not serving yet
            }

            await Task.Delay(20, cancellationToken);
        }

        return false;
    }

    private static HttpClient Client(int httpsPort) => new(new SocketsHttpHandler
    {
        ConnectCallback = async (_, ct) =>
        {
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            await socket.ConnectAsync("127.0.0.1", httpsPort, ct);
            return new NetworkStream(socket, ownsSocket: true);
        },
        SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = (_, _, _, _) => true },
    })
    { Timeout = TimeSpan.FromSeconds(5) };
}
