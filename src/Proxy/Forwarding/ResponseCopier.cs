using System.Buffers;
using Microsoft.Extensions.Primitives;

namespace GitGateway.Proxy.Forwarding;

/// <summary>
/// Copies a backend response to the client: status, end-to-end headers untouched (Content-Type included),
/// the body chunk by chunk as it arrives (each write is flushed by Kestrel, so streams are not held back), and
/// trailers when the client's protocol carries them (gRPC status over HTTP/2).
/// </summary>
internal static class ResponseCopier
{
    private const int ChunkSize = 16 * 1024;

    public static void CopyHead(HttpResponseMessage upstream, HttpResponse response, bool keepUpgrade)
    {
        response.StatusCode = (int)upstream.StatusCode;
        var headers = response.Headers;
        foreach (var header in upstream.Headers.NonValidated)
        {
            if (HopByHopHeaders.Contains(header.Key) && !(keepUpgrade && string.Equals(header.Key, "Upgrade", StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }

            headers[header.Key] = ToStringValues(header.Value);
        }

        foreach (var header in upstream.Content.Headers.NonValidated)
        {
            headers[header.Key] = ToStringValues(header.Value);
        }
    }

    public static async Task CopyBodyAsync(HttpResponseMessage upstream, HttpResponse response, CancellationToken cancellationToken)
    {
        var source = await upstream.Content.ReadAsStreamAsync(cancellationToken);
        var buffer = ArrayPool<byte>.Shared.Rent(ChunkSize);
        try
        {
            var body = response.Body;
            int read;
            while ((read = await source.ReadAsync(buffer.AsMemory(0, ChunkSize), cancellationToken)) > 0)
            {
                await body.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        CopyTrailers(upstream, response);
    }

    private static void CopyTrailers(HttpResponseMessage upstream, HttpResponse response)
    {
        if (upstream.TrailingHeaders.NonValidated.Count == 0 || !response.SupportsTrailers())
        {
            return;
        }

        foreach (var trailer in upstream.TrailingHeaders.NonValidated)
        {
            response.AppendTrailer(trailer.Key, ToStringValues(trailer.Value));
        }
    }

    private static StringValues ToStringValues(System.Net.Http.Headers.HeaderStringValues values)
    {
        if (values.Count == 1)
        {
            return new StringValues(values.ToString());
        }

        var array = new string[values.Count];
        var i = 0;
        foreach (var value in values)
        {
            array[i++] = value;
        }

        return new StringValues(array);
    }
}
