using System.Security.Cryptography.X509Certificates;

namespace GitGateway.Proxy.Tests.Support;

/// <summary>
/// A CA made for one test, written into a node certificate directory as ConfigMap <c>infra/ca</c> (<c>ca.crt</c>),
/// which a BackendTLSPolicy names; the directory is removed on dispose.
/// </summary>
internal sealed class BackendCa : IDisposable
{
    private readonly X509Certificate2 _ca = TestCertificates.CreateCa("backend-ca");

    public BackendCa()
    {
        var folder = Path.Combine(Directory, "infra", "ca");
        System.IO.Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "ca.crt"), _ca.ExportCertificatePem());
    }

    /// <summary>The node's certificate directory.</summary>
    public string Directory { get; } = Path.Combine(Path.GetTempPath(), "gg-backend-ca-" + Guid.NewGuid().ToString("N"));

    /// <summary>A server certificate for <paramref name="dnsName"/> signed by the CA, with a key Kestrel can serve with.</summary>
    public X509Certificate2 Leaf(string dnsName)
    {
        using var leaf = TestCertificates.CreateLeaf(_ca, "backend", dnsName);
        return X509CertificateLoader.LoadPkcs12(leaf.Export(X509ContentType.Pkcs12), null);
    }

    public void Dispose()
    {
        _ca.Dispose();
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}
