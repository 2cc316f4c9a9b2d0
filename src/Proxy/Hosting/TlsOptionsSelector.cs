using System.Net.Security;
using GitGateway.Proxy.Routing;
using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace GitGateway.Proxy.Hosting;

/// <summary>
/// Chooses the TLS server options per handshake from the current table: the listener by SNI, its certificate
/// for that name, ALPN (h2 and http/1.1 for HTTPS, none for TLS-terminated TCP) and client certificate
/// validation. Certificates and listeners thus change with the plan without rebinding the port.
/// </summary>
internal sealed class TlsOptionsSelector(RouteTableHolder tables, int planPort)
{
    private static readonly List<SslApplicationProtocol> HttpProtocols = [SslApplicationProtocol.Http2, SslApplicationProtocol.Http11];

    public ValueTask<SslServerAuthenticationOptions> SelectAsync(TlsHandshakeCallbackContext context)
    {
        var sni = context.ClientHelloInfo.ServerName;
        var listener = tables.Current.Port(planPort)?.Select(string.IsNullOrEmpty(sni) ? "" : sni);
        var tls = listener?.Tls;
        var client = tls?.ClientPolicy;
        var options = new SslServerAuthenticationOptions
        {
            ServerCertificateContext = tls?.Select(string.IsNullOrEmpty(sni) ? null : sni),
            ApplicationProtocols = listener is { IsTerminatedTcp: true } ? null : HttpProtocols,
            ClientCertificateRequired = client is not null,
            CertificateRevocationCheckMode = System.Security.Cryptography.X509Certificates.X509RevocationMode.NoCheck,
        };
        if (client is not null)
        {
            options.RemoteCertificateValidationCallback = (_, certificate, _, errors) => client.Validate(certificate, errors);
        }

        return ValueTask.FromResult(options);
    }
}
