using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using GitGateway.Conformance.Tests.Running;
using GitGateway.Conformance.Tests.Setup;

namespace GitGateway.Conformance.Tests.Traffic;

/// <summary>
/// Sends one conformance HTTP request (README section 3.2) to the gateway on loopback: the raw path and query,
/// the Host header, SNI and client certificate as given, HTTP/1.1, HTTP/2 over TLS or h2c with prior knowledge.
/// Every connection goes to 127.0.0.1 whatever the URL says.
/// </summary>
internal sealed class HttpProbe(IReadOnlyDictionary<string, SuiteObject> secrets) : IDisposable
{
    private readonly Dictionary<string, HttpClient> _clients = new(StringComparer.Ordinal);

    public void Dispose()
    {
        foreach (var c in _clients.Values)
        {
            c.Dispose();
        }
    }

    public async Task<HttpProbeResult> SendAsync(JsonElement request, int port, Func<string, string> substitute, CancellationToken ct)
    {
        var scheme = Str(request, "scheme") ?? "http";
        var protocol = Str(request, "protocol") ?? "HTTP";
        var host = Str(request, "host");
        var sni = Str(request, "sni") ?? host?.Split(':')[0];
        var path = substitute(Str(request, "path") ?? "/");

        // SocketsHttpHandler takes the SNI from the Host header. When they must differ (misdirected-request
        // checks), the TLS session is made here and HTTP/2 runs on it with prior knowledge.
        var tunnel = scheme == "https" && sni is not null && host is not null && !string.Equals(host.Split(':')[0], sni, StringComparison.OrdinalIgnoreCase);
        var uriScheme = tunnel ? "http" : scheme;
        var uriHost = scheme == "https" && sni is not null && !tunnel ? sni : "127.0.0.1";
        var uri = new Uri($"{uriScheme}://{uriHost}:{port}{path}", new UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true });

        using var message = new HttpRequestMessage(new HttpMethod(Str(request, "method") ?? "GET"), uri)
        {
            Version = protocol is "H2" or "H2C_PRIOR_KNOWLEDGE" ? HttpVersion.Version20 : HttpVersion.Version11,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        if (host is not null)
        {
            message.Headers.Host = host;
        }

        AddHeaders(request, message, substitute);
        var client = Client(request, port, scheme, sni ?? uriHost, tunnel);
        try
        {
            using var response = await client.SendAsync(message, HttpCompletionOption.ResponseContentRead, ct);
            return await ReadAsync(response, path, ct);
        }
        catch (Exception e) when (e is HttpRequestException or IOException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            return HttpProbeResult.Failed(path, Describe(e));
        }
    }

    private static void AddHeaders(JsonElement request, HttpRequestMessage message, Func<string, string> substitute)
    {
        if (request.TryGetProperty("body", out var body) && body.ValueKind == JsonValueKind.String)
        {
            message.Content = new StringContent(body.GetString()!, Encoding.UTF8);
        }

        // Upstream always sends the header, empty when the case sets no response headers.
        var set = request.TryGetProperty("echoSetResponseHeaders", out var e) && e.ValueKind == JsonValueKind.Object
            ? string.Join(",", e.EnumerateObject().Select(p => $"{p.Name}:{p.Value.GetString()}"))
            : "";
        message.Headers.TryAddWithoutValidation("X-Echo-Set-Header", set);
        if (request.TryGetProperty("headers", out var headers) && headers.ValueKind == JsonValueKind.Object)
        {
            foreach (var h in headers.EnumerateObject())
            {
                var value = substitute(h.Value.GetString() ?? "");
                if (!message.Headers.TryAddWithoutValidation(h.Name, value))
                {
                    message.Content ??= new ByteArrayContent([]);
                    message.Content.Headers.TryAddWithoutValidation(h.Name, value);
                }
            }
        }
    }

    private static async Task<HttpProbeResult> ReadAsync(HttpResponseMessage response, string path, CancellationToken ct)
    {
        var headers = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in response.Headers.NonValidated.Concat(response.Content.Headers.NonValidated))
        {
            headers[name] = [.. values];
        }

        var body = await response.Content.ReadAsStringAsync(ct);
        var json = headers.TryGetValue("Content-Type", out var ctype) && ctype.Count == 1 && ctype[0] == "application/json";
        EchoCapture echo;
        try
        {
            echo = json ? EchoCapture.Parse(body) : EchoCapture.Empty;
        }
        catch (JsonException)
        {
            echo = EchoCapture.Empty;
        }

        var protocol = response.Version.Major == 2 ? "HTTP/2.0" : $"HTTP/{response.Version.Major}.{response.Version.Minor}";
        return new HttpProbeResult((int)response.StatusCode, protocol, headers, echo, path, null);
    }

    private HttpClient Client(JsonElement request, int port, string scheme, string sni, bool tunnel)
    {
        var clientCert = request.TryGetProperty("clientCertificate", out var cc) ? cc.ToString() : "";
        var trust = request.TryGetProperty("trustedServerCertificate", out var tc) ? tc.ToString() : "";
        var key = $"{scheme}|{port}|{sni}|{trust}|{clientCert}|{tunnel}";
        var tls = scheme == "https" ? TlsTrust.ClientOptions(request, sni, secrets) : null;
        if (_clients.TryGetValue(key, out var client))
        {
            return client;
        }

        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            UseProxy = false,
            AutomaticDecompression = DecompressionMethods.None,
            PooledConnectionLifetime = TimeSpan.FromSeconds(30),
            ConnectCallback = async (_, token) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    await socket.ConnectAsync(IPAddress.Loopback, port, token);
                    var stream = new NetworkStream(socket, ownsSocket: true);
                    if (!tunnel || tls is null)
                    {
                        return stream;
                    }

                    var ssl = new SslStream(stream, leaveInnerStreamOpen: false);
                    tls.ApplicationProtocols = [SslApplicationProtocol.Http2];
                    await ssl.AuthenticateAsClientAsync(tls, token);
                    return ssl;
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        if (tls is not null && !tunnel)
        {
            handler.SslOptions = tls;
        }

        client = new HttpClient(handler) { Timeout = Converge.ProbeTimeout };
        _clients[key] = client;
        return client;
    }

    private static string Describe(Exception e)
    {
        var parts = new List<string>();
        for (var x = e; x is not null; x = x.InnerException)
        {
            parts.Add($"{x.GetType().Name}: {x.Message}");
        }

        return string.Join(" -> ", parts);
    }

    private static string? Str(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
