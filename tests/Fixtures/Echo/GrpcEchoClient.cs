using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Headers;
using GatewayApiConformance.EchoBasic.Grpcecho;

namespace GitGateway.Fixtures.Echo;

/// <summary>The outcome of one unary call: the gRPC status code and, when OK, the echo.</summary>
public sealed record GrpcEchoResult(int StatusCode, string? Message, EchoResponse? Response, string? Error)
{
    /// <summary>The status name as gRPC spells it (<c>OK</c>, <c>UNIMPLEMENTED</c>, …).</summary>
    public string StatusName => StatusCode switch
    {
        0 => "OK",
        1 => "CANCELLED",
        2 => "UNKNOWN",
        3 => "INVALID_ARGUMENT",
        4 => "DEADLINE_EXCEEDED",
        5 => "NOT_FOUND",
        6 => "ALREADY_EXISTS",
        7 => "PERMISSION_DENIED",
        8 => "RESOURCE_EXHAUSTED",
        9 => "FAILED_PRECONDITION",
        10 => "ABORTED",
        11 => "OUT_OF_RANGE",
        12 => "UNIMPLEMENTED",
        13 => "INTERNAL",
        14 => "UNAVAILABLE",
        15 => "DATA_LOSS",
        16 => "UNAUTHENTICATED",
        _ => StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}

/// <summary>
/// A unary gRPC client for the echo service over cleartext HTTP/2, with the framing written out
/// (https://github.com/grpc/grpc/blob/master/doc/PROTOCOL-HTTP2.md). HTTP failures map to gRPC codes as gRPC
/// clients map them (https://github.com/grpc/grpc/blob/master/doc/http-grpc-status-mapping.md).
/// </summary>
public static class GrpcEchoClient
{
    /// <summary>Calls <paramref name="method"/> of the echo service at <paramref name="baseUri"/>.</summary>
    public static async Task<GrpcEchoResult> CallAsync(
        HttpClient client, Uri baseUri, string method, string? authority, IEnumerable<KeyValuePair<string, string>> metadata, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(client);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(baseUri, $"/{GrpcEchoHandler.Service}/{method}"))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent(GrpcEchoHandler.Frame([])),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        request.Headers.TryAddWithoutValidation("te", "trailers");
        if (authority is not null)
        {
            request.Headers.Host = authority;
        }

        foreach (var (key, value) in metadata)
        {
            request.Headers.TryAddWithoutValidation(key.ToLowerInvariant(), value);
        }

        HttpResponseMessage response;
        try
        {
            response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        }
        catch (HttpRequestException e)
        {
            return new GrpcEchoResult(14, null, null, e.Message);
        }

        using (response)
        {
            return await ReadAsync(response, ct);
        }
    }

    private static async Task<GrpcEchoResult> ReadAsync(HttpResponseMessage response, CancellationToken ct)
    {
        if (response.StatusCode != HttpStatusCode.OK)
        {
            var code = response.StatusCode switch
            {
                HttpStatusCode.BadRequest => 13,
                HttpStatusCode.Unauthorized => 16,
                HttpStatusCode.Forbidden => 7,
                HttpStatusCode.NotFound => 12,
                HttpStatusCode.TooManyRequests or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout => 14,
                _ => 2,
            };
            return new GrpcEchoResult(code, null, null, $"HTTP {(int)response.StatusCode}");
        }

        byte[] body;
        try
        {
            body = await response.Content.ReadAsByteArrayAsync(ct);
        }
        catch (HttpRequestException e)
        {
            return new GrpcEchoResult(13, null, null, e.Message);
        }

        var status = Header(response, "grpc-status");
        var message = Header(response, "grpc-message");
        if (status is null || !int.TryParse(status, System.Globalization.CultureInfo.InvariantCulture, out var statusCode))
        {
            return new GrpcEchoResult(13, message, null, "no grpc-status");
        }

        if (statusCode != 0)
        {
            return new GrpcEchoResult(statusCode, message, null, null);
        }

        if (body.Length < 5 || BinaryPrimitives.ReadUInt32BigEndian(body.AsSpan(1)) != body.Length - 5)
        {
            return new GrpcEchoResult(13, message, null, "malformed response message");
        }

        return new GrpcEchoResult(0, message, EchoResponse.Parser.ParseFrom(body.AsSpan(5).ToArray()), null);
    }

    /// <summary>A gRPC header from the trailers, or from the headers for a trailers-only response.</summary>
    private static string? Header(HttpResponseMessage response, string name) =>
        response.TrailingHeaders.TryGetValues(name, out var t) ? t.FirstOrDefault()
        : response.Headers.TryGetValues(name, out var h) ? h.FirstOrDefault()
        : null;
}
