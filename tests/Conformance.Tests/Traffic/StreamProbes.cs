using System.Net.Security;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Security.Authentication;
using System.Text;
using System.Text.Json;
using GitGateway.Conformance.Tests.Running;
using GitGateway.Conformance.Tests.Setup;
using GitGateway.Fixtures.Echo;

namespace GitGateway.Conformance.Tests.Traffic;

/// <summary>The non-HTTP request kinds: gRPC unary, TCP/TLS line protocol, TLS rejection, WebSocket echo.</summary>
internal sealed class StreamProbes(IReadOnlyDictionary<string, SuiteObject> secrets) : IDisposable
{
    private readonly HttpClient _grpc = new(new SocketsHttpHandler { UseProxy = false }) { Timeout = Converge.ProbeTimeout };

    public void Dispose() => _grpc.Dispose();

    /// <summary>A unary call to the echo service through the gateway, checked as README section 3.2 says.</summary>
    public async Task<(string? Problem, string Pod)> GrpcAsync(JsonElement request, JsonElement expect, int port, CancellationToken ct)
    {
        var metadata = request.TryGetProperty("metadata", out var m) && m.ValueKind == JsonValueKind.Object
            ? m.EnumerateObject().Select(p => new KeyValuePair<string, string>(p.Name, p.Value.GetString() ?? "")).ToList()
            : [];
        var authority = request.TryGetProperty("authority", out var a) && a.ValueKind == JsonValueKind.String ? a.GetString() : null;
        var result = await GrpcEchoClient.CallAsync(_grpc, new Uri($"http://127.0.0.1:{port}"), request.GetProperty("method").GetString()!, authority, metadata, ct);
        var pod = result.Response?.Assertions?.Context?.Pod ?? "";
        if (expect.ValueKind != JsonValueKind.Object)
        {
            return (result.StatusCode == 0 ? null : $"gRPC status {result.StatusName} ({result.Message ?? result.Error})", pod);
        }

        if (expect.TryGetProperty("notCode", out _) || !expect.TryGetProperty("code", out var code))
        {
            return (result.StatusCode == 0 ? "RPC succeeded, want an error" : null, pod);
        }

        if (!SameCode(result.StatusName, code.GetString()))
        {
            return ($"gRPC status {result.StatusName} ({result.Message ?? result.Error}), want {code.GetString()}", pod);
        }

        if (result.StatusCode != 0)
        {
            return (null, pod);
        }

        var assertions = result.Response!.Assertions;
        var fullMethod = request.GetProperty("fullMethod").GetString();
        if (assertions.FullyQualifiedMethod != fullMethod)
        {
            return ($"backend saw method {assertions.FullyQualifiedMethod}, want {fullMethod}", pod);
        }

        if (Str(expect, "namespace") is { Length: > 0 } ns && assertions.Context.Namespace != ns)
        {
            return ($"namespace '{assertions.Context.Namespace}', want '{ns}'", pod);
        }

        return (Str(expect, "backend") is { } backend && !pod.StartsWith(backend, StringComparison.Ordinal) ? $"served by pod '{pod}', want {backend}" : null, pod);
    }

    /// <summary>One TCP line-protocol exchange through the gateway (README section 4.3).</summary>
    public async Task<(string? Problem, string Pod)> TcpAsync(JsonElement request, JsonElement expect, int port, CancellationToken ct)
    {
        var useTls = request.TryGetProperty("useTLS", out var u) && u.ValueKind == JsonValueKind.True;
        var tls = useTls ? TlsTrust.ClientOptions(request, Str(request, "sni") ?? "", secrets) : null;
        TcpEchoResult result;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(Converge.ProbeTimeout);
            result = await TcpEchoClient.ExchangeAsync("127.0.0.1", port, tls, timeout.Token);
        }
        catch (Exception e) when (e is IOException or SocketException or AuthenticationException or InvalidDataException or JsonException
            or OperationCanceledException && !ct.IsCancellationRequested)
        {
            return ($"TCP exchange failed: {e.GetType().Name}: {e.Message}", "");
        }

        if (expect.ValueKind != JsonValueKind.Object)
        {
            return (null, result.Pod);
        }

        if (Str(expect, "backend") is { } backend && !result.Pod.StartsWith(backend + "-", StringComparison.Ordinal))
        {
            return ($"served by pod '{result.Pod}', want {backend}", result.Pod);
        }

        if (Str(expect, "namespace") is { } ns && result.Namespace != ns)
        {
            return ($"namespace '{result.Namespace}', want '{ns}'", result.Pod);
        }

        if (expect.TryGetProperty("backendIsTLS", out var isTls) && isTls.ValueKind is JsonValueKind.True or JsonValueKind.False && isTls.GetBoolean() != result.IsTls)
        {
            return ($"backend IS_TLS {result.IsTls}, want {isTls.GetBoolean()}", result.Pod);
        }

        if (Str(expect, "backendSeesSNI") is { } sni && sni != result.ServerName)
        {
            return ($"backend saw SNI '{result.ServerName}', want '{sni}'", result.Pod);
        }

        return (Str(expect, "backendSeesALPN") is { } alpn && alpn != result.NegotiatedProtocol ? $"backend saw ALPN '{result.NegotiatedProtocol}', want '{alpn}'" : null, result.Pod);
    }

    /// <summary>A bare TCP connect must succeed.</summary>
    public static async Task<string?> ConnectAsync(int port, CancellationToken ct)
    {
        try
        {
            using var client = new TcpClient();
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(Converge.ProbeTimeout);
            await client.ConnectAsync("127.0.0.1", port, timeout.Token);
            return null;
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException && !ct.IsCancellationRequested)
        {
            return "connect failed: " + e.Message;
        }
    }

    /// <summary>TCP connect + TLS handshake with the SNI must end in a reset or EOF (README section 3.2).</summary>
    public static async Task<string?> RejectedAsync(JsonElement request, int port, CancellationToken ct)
    {
        try
        {
            using var client = new TcpClient();
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(Converge.ProbeTimeout);
            await client.ConnectAsync("127.0.0.1", port, timeout.Token);
            await using var ssl = new SslStream(client.GetStream());
            await ssl.AuthenticateAsClientAsync(
                new SslClientAuthenticationOptions
                {
                    TargetHost = Str(request, "sni") ?? "",
                    EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
                    RemoteCertificateValidationCallback = (_, _, _, _) => true,
                },
                timeout.Token);
            return $"TLS handshake with SNI '{Str(request, "sni")}' succeeded, want it rejected";
        }
        catch (Exception e) when (e is IOException or SocketException or AuthenticationException)
        {
            return null;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return "TLS handshake neither completed nor was rejected within 5 s";
        }
    }

    /// <summary><c>ws://gateway/ws</c>: a text and a binary frame come back unchanged.</summary>
    public static async Task<string?> WebSocketAsync(JsonElement request, int port, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(Converge.ProbeTimeout);
        try
        {
            using var socket = new ClientWebSocket();
            await socket.ConnectAsync(new Uri($"ws://127.0.0.1:{port}{Str(request, "path") ?? "/ws"}"), timeout.Token);
            var buffer = new byte[256];
            await socket.SendAsync(Encoding.UTF8.GetBytes("Websocket Support!"), WebSocketMessageType.Text, true, timeout.Token);
            var text = await socket.ReceiveAsync(buffer, timeout.Token);
            if (Encoding.UTF8.GetString(buffer, 0, text.Count) != "Websocket Support!")
            {
                return "text frame not echoed";
            }

            byte[] binary = [1, 2, 3, 4, 5, 6, 7];
            await socket.SendAsync(binary, WebSocketMessageType.Binary, true, timeout.Token);
            var back = await socket.ReceiveAsync(buffer, timeout.Token);
            return buffer.AsSpan(0, back.Count).SequenceEqual(binary) ? null : "binary frame not echoed";
        }
        catch (Exception e) when (e is WebSocketException or IOException or OperationCanceledException && !ct.IsCancellationRequested)
        {
            return "websocket failed: " + e.Message;
        }
    }

    /// <summary>Status names compare as gRPC codes: <c>Unimplemented</c>, <c>UNIMPLEMENTED</c> and <c>unimplemented</c> are one code.</summary>
    private static bool SameCode(string a, string? b) =>
        string.Equals(a.Replace("_", "", StringComparison.Ordinal), b?.Replace("_", "", StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase);

    private static string? Str(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
