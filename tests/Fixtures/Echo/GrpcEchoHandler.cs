using System.Buffers.Binary;
using GatewayApiConformance.EchoBasic.Grpcecho;
using Google.Protobuf;
using Microsoft.AspNetCore.Http;

namespace GitGateway.Fixtures.Echo;

/// <summary>
/// The conformance gRPC echo service (<c>grpcecho.proto</c>) with the wire framing written out: each message is
/// a 5-byte prefix (compressed flag, big-endian length) and the protobuf bytes; the status travels in the
/// <c>grpc-status</c> trailer (https://github.com/grpc/grpc/blob/master/doc/PROTOCOL-HTTP2.md).
/// </summary>
internal static class GrpcEchoHandler
{
    public const string Service = "gateway_api_conformance.echo_basic.grpcecho.GrpcEcho";
    private const int Ok = 0;
    private const int Unimplemented = 12;
    private const int Internal = 13;

    public static bool IsGrpc(HttpRequest request) =>
        request.ContentType?.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase) == true;

    public static async Task HandleAsync(HttpContext context, EchoOptions options, CancellationToken ct)
    {
        var response = context.Response;
        response.StatusCode = 200;
        response.ContentType = "application/grpc";
        var method = context.Request.Path.Value ?? "";
        if (method != $"/{Service}/Echo" && method != $"/{Service}/EchoTwo")
        {
            // Trailers-only response: the status goes in the only HEADERS frame.
            response.Headers["grpc-status"] = Unimplemented.ToString(System.Globalization.CultureInfo.InvariantCulture);
            response.Headers["grpc-message"] = "unknown method " + method;
            return;
        }

        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, ct);
        if (body.Length < 5)
        {
            response.Headers["grpc-status"] = Internal.ToString(System.Globalization.CultureInfo.InvariantCulture);
            response.Headers["grpc-message"] = "no request message";
            return;
        }

        var reply = new EchoResponse { Assertions = Assertions(context, method, options), Request = new EchoRequest() };
        await response.Body.WriteAsync(Frame(reply.ToByteArray()), ct);
        response.AppendTrailer("grpc-status", Ok.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>Wraps one message in the gRPC length prefix.</summary>
    public static byte[] Frame(byte[] message)
    {
        var framed = new byte[message.Length + 5];
        BinaryPrimitives.WriteUInt32BigEndian(framed.AsSpan(1), (uint)message.Length);
        message.CopyTo(framed, 5);
        return framed;
    }

    private static Assertions Assertions(HttpContext context, string method, EchoOptions options)
    {
        var assertions = new Assertions
        {
            FullyQualifiedMethod = method,
            Authority = context.Request.Host.Value ?? "",
            Context = new Context { Namespace = options.Namespace, Pod = options.Pod },
        };
        foreach (var (name, values) in context.Request.Headers)
        {
            if (name.StartsWith(':'))
            {
                continue;
            }

            foreach (var value in values)
            {
                assertions.Headers.Add(new Header { Key = name.ToLowerInvariant(), Value = value ?? "" });
            }
        }

        if (EchoTlsInfo.From(context) is { } tls)
        {
            assertions.TlsAssertions = new TLSAssertions
            {
                Version = tls.Version,
                ServerName = tls.ServerName,
                NegotiatedProtocol = tls.NegotiatedProtocol,
                CipherSuite = tls.CipherSuite,
            };
            assertions.TlsAssertions.PeerCertificates.AddRange(tls.PeerCertificates);
        }

        return assertions;
    }
}
