using System.Buffers;
using System.Globalization;
using System.Net.Sockets;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace GitGateway.Fixtures.Echo;

/// <summary>
/// The HTTP side of the conformance echo (README section 4.1): JSON echo, <c>X-Echo-Set-Header</c>,
/// <c>?delay=</c>, <c>/status/N</c>, <c>/health</c>, <c>/retry/</c>, <c>/ws</c> and gRPC on HTTP/2.
/// </summary>
internal sealed class EchoHttpHandler(EchoOptions options, Action<EchoEvent> echoed)
{
    private readonly RetrySimulator _retries = new();

    public async Task HandleAsync(HttpContext context)
    {
        var ct = context.RequestAborted;
        var request = context.Request;
        if (GrpcEchoHandler.IsGrpc(request))
        {
            await GrpcEchoHandler.HandleAsync(context, options, ct);
            return;
        }

        var path = request.Path.Value ?? "/";
        if (path == "/health")
        {
            context.Response.StatusCode = 200;
            await context.Response.WriteAsync("OK", ct);
            return;
        }

        if (path.StartsWith("/status/", StringComparison.Ordinal)
            && int.TryParse(path.AsSpan("/status/".Length), NumberStyles.None, CultureInfo.InvariantCulture, out var status))
        {
            context.Response.StatusCode = status;
            return;
        }

        if (path == "/ws" && context.WebSockets.IsWebSocketRequest)
        {
            await WebSocketEcho.RunAsync(context, ct);
            return;
        }

        if (path.StartsWith("/retry", StringComparison.Ordinal) && await FailRetryAsync(context, ct))
        {
            return;
        }

        await EchoAsync(context, ct);
    }

    private async Task EchoAsync(HttpContext context, CancellationToken ct)
    {
        var request = context.Request;
        if (GoDuration.TryParse(request.Query["delay"], out var delay))
        {
            await Task.Delay(delay, ct);
        }

        var requestUri = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? (request.Path + request.QueryString).ToString();
        var remote = $"{context.Connection.RemoteIpAddress}:{context.Connection.RemotePort}";
        var (length, sha256) = await DigestBodyAsync(request.Body, ct);
        echoed(new EchoEvent(requestUri, remote) { ContentLength = request.ContentLength, BodyLength = length, BodySha256 = sha256 });

        var body = EchoJson.Write(context, requestUri, options, EchoTlsInfo.From(context));
        var response = context.Response;
        foreach (var (name, value) in ParseSetHeaders(request.Headers["X-Echo-Set-Header"]))
        {
            var existing = response.Headers[name];
            response.Headers[name] = existing.Count == 0 ? value : existing + "," + value;
        }

        response.StatusCode = 200;
        response.Headers.ContentType = "application/json";
        response.Headers["X-Content-Type-Options"] = "nosniff";
        response.ContentLength = body.Length;
        await response.Body.WriteAsync(body, ct);
    }

    /// <summary>Reads the whole request body, so tests can check what arrived (a proxy's mirror or retry copy).</summary>
    private static async Task<(long Length, string Sha256)> DigestBodyAsync(Stream body, CancellationToken ct)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            long length = 0;
            int read;
            while ((read = await body.ReadAsync(buffer, ct)) > 0)
            {
                hash.AppendData(buffer, 0, read);
                length += read;
            }

            return (length, Convert.ToHexStringLower(hash.GetHashAndReset()));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Failure attempts of the retry simulator; false when this attempt should be echoed.</summary>
    private async Task<bool> FailRetryAsync(HttpContext context, CancellationToken ct)
    {
        var query = context.Request.Query;
        var uuid = query["uuid"].ToString();
        if (uuid.Length == 0 || !int.TryParse(query["succeedAfter"], CultureInfo.InvariantCulture, out var succeedAfter)
            || !_retries.ShouldFail(uuid, succeedAfter))
        {
            return false;
        }

        if (GoDuration.TryParse(query["delayRetry"], out var delay))
        {
            await Task.Delay(delay, ct);
        }

        if (int.TryParse(query["responseCode"], CultureInfo.InvariantCulture, out var code))
        {
            context.Response.StatusCode = code;
            return true;
        }

        // No response code: reset the connection (SO_LINGER 0 makes close send RST instead of FIN).
        if (context.Features.Get<IConnectionSocketFeature>()?.Socket is Socket socket)
        {
            socket.LingerState = new LingerOption(true, 0);
            socket.Close();
        }

        context.Abort();
        return true;
    }

    private static IEnumerable<(string Name, string Value)> ParseSetHeaders(string? header)
    {
        if (string.IsNullOrEmpty(header))
        {
            yield break;
        }

        foreach (var pair in header.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var colon = pair.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0)
            {
                yield return (pair[..colon].Trim(), pair[(colon + 1)..].Trim());
            }
        }
    }
}
