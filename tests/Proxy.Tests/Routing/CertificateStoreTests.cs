using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using GitGateway.Plan.Model;
using GitGateway.Proxy.Routing;

namespace GitGateway.Proxy.Tests.Routing;

public sealed class CertificateStoreTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("gg-certs-").FullName;

    private string CertDir => Path.Combine(_root, "certs");

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void LoadServer_NameInsideDirectory_Loads()
    {
        WritePair(Path.Combine(CertDir, "gateway-system", "web-tls"));

        using var cert = new CertificateStore(CertDir).LoadServer(new CertificateRef("Secret", "gateway-system", "web-tls"));

        Assert.NotNull(cert);
    }

    [Theory]
    [InlineData("../../../../etc", "x")]
    [InlineData("gateway-system", "../../../../etc")]
    [InlineData("gateway-system", "/etc")]
    [InlineData("..", "outside")]
    public void LoadServer_PathLikeName_RefusedEvenWhenTheFileExists(string ns, string name)
    {
        // Where the traversal stays in the test's scratch space its target exists: only the name check stands
        // between the plan and the file. Paths outside it (/etc) are never written.
        var target = Path.GetFullPath(Path.Combine(CertDir, ns, name));
        if (target.StartsWith(_root, StringComparison.Ordinal))
        {
            WritePair(target);
        }

        var store = new CertificateStore(CertDir);

        Assert.Null(store.Folder(new CertificateRef("Secret", ns, name)));
        Assert.Null(store.LoadServer(new CertificateRef("Secret", ns, name)));
        Assert.Empty(store.LoadCa(new CertificateRef("ConfigMap", ns, name)));
    }

    [Fact]
    public void LoadServer_SymlinkLeavingTheDirectory_Refused()
    {
        var outside = Path.Combine(_root, "outside");
        WritePair(outside);
        Directory.CreateDirectory(Path.Combine(CertDir, "gateway-system"));
        Directory.CreateSymbolicLink(Path.Combine(CertDir, "gateway-system", "evil"), outside);

        Assert.Null(new CertificateStore(CertDir).LoadServer(new CertificateRef("Secret", "gateway-system", "evil")));
    }

    [Fact]
    public void LoadServer_SymlinkInsideTheDirectory_Loads()
    {
        // Kubernetes mounts Secrets as links into ..data inside the same directory.
        var data = Path.Combine(CertDir, "gateway-system", "..data");
        WritePair(data);
        var folder = Path.Combine(CertDir, "gateway-system", "web");
        Directory.CreateDirectory(folder);
        File.CreateSymbolicLink(Path.Combine(folder, "tls.crt"), Path.Combine(data, "tls.crt"));
        File.CreateSymbolicLink(Path.Combine(folder, "tls.key"), Path.Combine(data, "tls.key"));

        using var cert = new CertificateStore(CertDir).LoadServer(new CertificateRef("Secret", "gateway-system", "web"));

        Assert.NotNull(cert);
    }

    private static void WritePair(string folder)
    {
        Directory.CreateDirectory(folder);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=test.example.com", key, HashAlgorithmName.SHA256);
        using var cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        File.WriteAllText(Path.Combine(folder, "tls.crt"), cert.ExportCertificatePem());
        File.WriteAllText(Path.Combine(folder, "tls.key"), key.ExportPkcs8PrivateKeyPem());
    }
}
