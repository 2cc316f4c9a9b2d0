using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace GitGateway.Fixtures.Tests.Echo;

/// <summary>A throwaway server certificate for <c>abc.example.com</c>, made at test time.</summary>
internal static class SelfSignedCertificate
{
    public static X509Certificate2 Create(string host)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={host}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName(host);
        request.CertificateExtensions.Add(san.Build());
        using var cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        // Export and re-import so SslStream on Linux gets a key it can use.
        return X509CertificateLoader.LoadPkcs12(cert.Export(X509ContentType.Pkcs12), null);
    }
}
