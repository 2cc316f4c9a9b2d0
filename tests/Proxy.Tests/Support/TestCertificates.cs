using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace GitGateway.Proxy.Tests.Support;

/// <summary>Certificates made at test time (none are committed): a CA and leaves it signs.</summary>
internal static class TestCertificates
{
    public static X509Certificate2 CreateCa(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
    }

    public static X509Certificate2 CreateLeaf(X509Certificate2 ca, string commonName, params string[] dnsNames)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={commonName}", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        foreach (var name in dnsNames)
        {
            san.AddDnsName(name);
        }

        if (dnsNames.Length > 0)
        {
            request.CertificateExtensions.Add(san.Build());
        }

        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        var serial = RandomNumberGenerator.GetBytes(12);
        using var signed = request.Create(ca, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(10), serial);
        return signed.CopyWithPrivateKey(key);
    }

    /// <summary>Writes <c>dir/ns/name/tls.crt</c> + <c>tls.key</c> (and <c>ca.crt</c> when given), as a mounted Secret.</summary>
    public static void WriteSecret(string directory, string ns, string name, X509Certificate2 certificate, X509Certificate2? ca = null)
    {
        var folder = Path.Combine(directory, ns, name);
        Directory.CreateDirectory(folder);
        foreach (var (file, text) in SecretFiles(certificate))
        {
            File.WriteAllText(Path.Combine(folder, file), text);
        }

        if (ca is not null)
        {
            File.WriteAllText(Path.Combine(folder, "ca.crt"), ca.ExportCertificatePem());
        }
    }

    /// <summary>The <c>tls.crt</c> and <c>tls.key</c> of a <c>kubernetes.io/tls</c> Secret holding <paramref name="certificate"/>.</summary>
    public static (string Name, string Text)[] SecretFiles(X509Certificate2 certificate) =>
        [("tls.crt", certificate.ExportCertificatePem()), ("tls.key", certificate.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem())];
}
