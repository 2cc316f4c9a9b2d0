using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace GitGateway.Proxy.Routing;

/// <summary>
/// Frontend client certificate validation (Gateway API GEP-91, <c>spec.tls.frontend</c>): the client's chain must
/// end at one of the configured CAs. <c>AllowValidOnly</c> rejects the handshake otherwise;
/// <c>AllowInsecureFallback</c> asks for a certificate but lets every client in.
/// </summary>
internal sealed class ClientCertificatePolicy(X509Certificate2Collection trustedCas, bool allowInsecureFallback)
{
    public bool AllowInsecureFallback { get; } = allowInsecureFallback;

    public bool Validate(X509Certificate? certificate, SslPolicyErrors errors)
    {
        if (AllowInsecureFallback)
        {
            return true;
        }

        if (certificate is null || (errors & SslPolicyErrors.RemoteCertificateNotAvailable) != 0)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(trustedCas);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationFlags = X509VerificationFlags.NoFlag;
        using var leaf = new X509Certificate2(certificate);
        return chain.Build(leaf);
    }
}
