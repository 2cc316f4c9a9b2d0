using System.Net;
using System.Security.Cryptography;
using GitGateway.Fixtures.Echo;

namespace GitGateway.Proxy.Tests.Support;

/// <summary>
/// Conformance echo backends (tests/Fixtures/Echo), which read every request body and record its length and
/// SHA-256, and request bodies to send them: random bytes, with or without a Content-Length.
/// </summary>
internal static class BodyEchoes
{
    public static Task<EchoServer> StartAsync(string name) => EchoServer.StartAsync(
        new EchoOptions { Pod = $"{name}-a-b", Namespace = "infra", Tcp = false, Udp = false },
        TestContext.Current.CancellationToken);

    /// <summary>The <c>backends.json</c> map naming each echo as Service <c>infra/&lt;name&gt;:8080</c>.</summary>
    public static Dictionary<string, string[]> Backends(params (string Name, int Port)[] backends) =>
        backends.ToDictionary(b => $"infra/{b.Name}:8080", b => new[] { $"127.0.0.1:{b.Port}" });

    public static byte[] RandomBody(int length)
    {
        var body = new byte[length];
        Random.Shared.NextBytes(body);
        return body;
    }

    public static string Sha256(byte[] body) => Convert.ToHexStringLower(SHA256.HashData(body));

    /// <summary>The body with its Content-Length, or (<paramref name="knownLength"/> false) chunked.</summary>
    public static HttpContent Content(byte[] body, bool knownLength) => knownLength ? new ByteArrayContent(body) : new ChunkedContent(body);

    /// <summary>The echo of a raw request target, once it has arrived (mirrors land after the response).</summary>
    public static async Task<EchoEvent?> WaitForEchoAsync(EchoServer echo, string requestUri)
    {
        for (var i = 0; i < 200; i++)
        {
            if (echo.Events.FirstOrDefault(e => e.RequestUri == requestUri) is { } seen)
            {
                return seen;
            }

            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        return null;
    }

    private sealed class ChunkedContent(byte[] body) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            for (var offset = 0; offset < body.Length; offset += 8192)
            {
                await stream.WriteAsync(body.AsMemory(offset, Math.Min(8192, body.Length - offset)));
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = -1;
            return false;
        }
    }
}
