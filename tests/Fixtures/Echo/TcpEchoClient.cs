using System.Net.Security;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace GitGateway.Fixtures.Echo;

/// <summary>What one exchange of the TCP line protocol showed: the answers to <c>IS_TLS</c> and <c>TEST</c>.</summary>
public sealed record TcpEchoResult(bool IsTls, string Namespace, string Pod, string? ServerName, string? NegotiatedProtocol);

/// <summary>
/// A client for the echo's TCP line protocol (conformance README section 4.3): welcome, <c>PING</c>,
/// <c>IS_TLS</c>, <c>TEST</c>; optionally after a TLS handshake with the given options.
/// </summary>
public static class TcpEchoClient
{
    /// <summary>Connects, runs the whole exchange and returns what the backend said; throws on any deviation.</summary>
    public static async Task<TcpEchoResult> ExchangeAsync(string host, int port, SslClientAuthenticationOptions? tls, CancellationToken ct)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(host, port, ct);
        Stream stream = client.GetStream();
        if (tls is not null)
        {
            var ssl = new SslStream(stream, leaveInnerStreamOpen: false);
            await ssl.AuthenticateAsClientAsync(tls, ct);
            stream = ssl;
        }

        await using (stream)
        {
            var writer = new StreamWriter(stream, new UTF8Encoding(false)) { NewLine = "\n", AutoFlush = true };
            using var reader = new StreamReader(stream, Encoding.UTF8, false, 1024, leaveOpen: true);
            await ExpectAsync(reader, TcpLineServer.Welcome, ct);
            await writer.WriteLineAsync("PING".AsMemory(), ct);
            await ExpectAsync(reader, "PONG", ct);
            await writer.WriteLineAsync("IS_TLS".AsMemory(), ct);
            var isTls = await ReadAsync(reader, ct) == "true";
            await writer.WriteLineAsync("TEST".AsMemory(), ct);
            var json = JsonDocument.Parse(await ReadAsync(reader, ct)).RootElement;
            string? serverName = null, alpn = null;
            if (json.TryGetProperty("tls", out var t) && t.ValueKind == JsonValueKind.Object)
            {
                serverName = t.GetProperty("serverName").GetString();
                alpn = t.GetProperty("negotiatedProtocol").GetString();
            }

            return new TcpEchoResult(isTls, json.GetProperty("namespace").GetString() ?? "", json.GetProperty("pod").GetString() ?? "", serverName, alpn);
        }
    }

    private static async Task<string> ReadAsync(StreamReader reader, CancellationToken ct) =>
        await reader.ReadLineAsync(ct) ?? throw new IOException("connection closed by the backend");

    private static async Task ExpectAsync(StreamReader reader, string expected, CancellationToken ct)
    {
        var line = await ReadAsync(reader, ct);
        if (line != expected)
        {
            throw new InvalidDataException($"expected '{expected}', got '{line}'");
        }
    }
}
