using System.Buffers;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;

namespace GitGateway.Proxy.Hosting;

/// <summary>
/// Serves HTTP/1.1 and HTTP/2 prior knowledge (h2c, RFC 9113 §3.3) on one cleartext port. Kestrel picks HTTP/2
/// on a cleartext endpoint only when it is HTTP/2-only, because without ALPN it cannot tell the two apart; this
/// middleware tells them apart by the connection preface and, for HTTP/2 clients, presents the protocol choice
/// the way ALPN would. The request scheme stays <c>http</c> (KestrelServerOptions.AllowAlternateSchemes).
/// </summary>
internal sealed class H2cPriorKnowledge(TimeProvider time)
{
    // Kestrel's request-headers timeout starts only once HTTP parsing does; until then this bounds a silent client.
    private const long FirstBytesTimeoutMs = 15_000;
    private static readonly byte[] Preface = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"u8.ToArray();

    public async Task DetectAsync(ConnectionContext connection, ConnectionDelegate next)
    {
        bool http2;
        try
        {
            using var deadline = new Forwarding.Deadline(connection.ConnectionClosed, FirstBytesTimeoutMs, time);
            http2 = await StartsWithPrefaceAsync(connection, deadline.Token);
        }
        catch (OperationCanceledException)
        {
            connection.Abort();
            return;
        }

        if (http2)
        {
            var selected = new ProtocolChoice();
            connection.Features.Set<ITlsConnectionFeature>(selected);
            connection.Features.Set<ITlsApplicationProtocolFeature>(selected);
        }

        await next(connection);
    }

    private static async Task<bool> StartsWithPrefaceAsync(ConnectionContext connection, CancellationToken cancellationToken)
    {
        var input = connection.Transport.Input;
        var head = new byte[Preface.Length];
        while (true)
        {
            var read = await input.ReadAsync(cancellationToken);
            var buffer = read.Buffer;
            var length = (int)Math.Min(buffer.Length, Preface.Length);
            buffer.Slice(0, length).CopyTo(head);
            var matches = head.AsSpan(0, length).SequenceEqual(Preface.AsSpan(0, length));
            if (!matches || length == Preface.Length || read.IsCompleted)
            {
                // Leave the bytes unread for the HTTP stage.
                input.AdvanceTo(buffer.Start);
                return matches && length == Preface.Length;
            }

            input.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    /// <summary>Says "h2 was chosen" without any TLS underneath.</summary>
    private sealed class ProtocolChoice : ITlsConnectionFeature, ITlsApplicationProtocolFeature
    {
        public X509Certificate2? ClientCertificate { get; set; }

        public ReadOnlyMemory<byte> ApplicationProtocol => SslApplicationProtocol.Http2.Protocol;

        public Task<X509Certificate2?> GetClientCertificateAsync(CancellationToken cancellationToken) => Task.FromResult<X509Certificate2?>(null);
    }
}
