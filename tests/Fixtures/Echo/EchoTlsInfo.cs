using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;

namespace GitGateway.Fixtures.Echo;

/// <summary>What the echo reports about a TLS session, named as Go's <c>crypto/tls</c> names it.</summary>
internal sealed record EchoTlsInfo(string Version, string ServerName, string NegotiatedProtocol, string CipherSuite, IReadOnlyList<string> PeerCertificates)
{
    public static EchoTlsInfo From(SslStream ssl) => new(
        VersionName(ssl.SslProtocol),
        ssl.TargetHostName,
        Encoding.ASCII.GetString(ssl.NegotiatedApplicationProtocol.Protocol.Span),
        ssl.NegotiatedCipherSuite.ToString(),
        ssl.RemoteCertificate is { } cert ? [Pem(cert)] : []);

    /// <summary>The TLS session under an HTTP request, or null for cleartext.</summary>
    public static EchoTlsInfo? From(HttpContext context)
    {
        if (context.Features.Get<ISslStreamFeature>()?.SslStream is not { } ssl)
        {
            return null;
        }

        // Kestrel reads SNI itself to pick the certificate, so the stream's TargetHostName stays empty.
        var sni = context.Features.Get<ITlsHandshakeFeature>()?.HostName;
        var alpn = context.Features.Get<ITlsApplicationProtocolFeature>()?.ApplicationProtocol ?? ReadOnlyMemory<byte>.Empty;
        var info = From(ssl);
        return info with
        {
            ServerName = string.IsNullOrEmpty(sni) ? info.ServerName : sni,
            NegotiatedProtocol = alpn.IsEmpty ? info.NegotiatedProtocol : Encoding.ASCII.GetString(alpn.Span),
        };
    }

    public static string VersionName(SslProtocols protocol) => protocol switch
    {
#pragma warning disable SYSLIB0039 // naming old versions is harmless; they are never enabled
        SslProtocols.Tls => "TLSv1.0",
        SslProtocols.Tls11 => "TLSv1.1",
#pragma warning restore SYSLIB0039
        SslProtocols.Tls12 => "TLSv1.2",
        SslProtocols.Tls13 => "TLSv1.3",
        _ => protocol.ToString(),
    };

    public static string Pem(X509Certificate cert) => PemEncoding.WriteString("CERTIFICATE", cert.GetRawCertData());
}
