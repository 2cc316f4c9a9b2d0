using System.Net.Security;

namespace GitGateway.Proxy.Routing;

/// <summary>Server certificates of a terminating listener, chosen by SNI, and its client validation.</summary>
internal sealed class ServerTls(HostnameMap<SslStreamCertificateContext> certificates, SslStreamCertificateContext? fallback, ClientCertificatePolicy? clientPolicy)
{
    public SslStreamCertificateContext? Select(string? sni) =>
        (sni is null ? null : certificates.Find(sni)) ?? fallback;

    public ClientCertificatePolicy? ClientPolicy { get; } = clientPolicy;
}
