using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using GitGateway.Fixtures;

namespace GitGateway.Renderer.Tests.Conformance;

/// <summary>
/// The Secrets and ConfigMaps the conformance suite creates in Go before any test (suite-setup.json), as YAML
/// with real certificates generated here: CAs, server and client certificates signed by them, self-signed
/// server certificates. Names and SANs follow the file; the key material is fresh on every run.
/// </summary>
internal static class SuiteObjects
{
    private static readonly Lazy<string> Yaml = new(Generate);

    public static string AsYaml => Yaml.Value;

    private static string Generate()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoPaths.Conformance, "suite-setup.json")));
        var objects = doc.RootElement.GetProperty("objects").EnumerateArray().ToList();
        var cas = new Dictionary<string, X509Certificate2>(StringComparer.Ordinal);
        var sb = new StringBuilder();

        // CAs first, so that the certificates they sign can refer to them.
        foreach (var o in objects.Where(o => Str(o, "kind") == "ConfigMap"))
        {
            var ca = CreateCa();
            cas[Str(o, "name")] = ca;
            sb.Append($"---\napiVersion: v1\nkind: ConfigMap\nmetadata: {{name: {Str(o, "name")}, namespace: {Str(o, "namespace")}}}\ndata:\n  ca.crt: |\n{Indent(ca.ExportCertificatePem())}\n");
        }

        foreach (var o in objects.Where(o => Str(o, "kind") == "Secret"))
        {
            var signer = o.TryGetProperty("signedBy", out var s) && s.ValueKind == JsonValueKind.String ? cas[s.GetString()!] : null;
            var hosts = o.TryGetProperty("hosts", out var h) && h.ValueKind == JsonValueKind.Array ? h.EnumerateArray().Select(x => x.GetString()!).ToList() : [];
            var (crt, key) = CreateLeaf(hosts, signer, client: Str(o, "generator").StartsWith("client", StringComparison.Ordinal));
            sb.Append($"---\napiVersion: v1\nkind: Secret\ntype: kubernetes.io/tls\nmetadata: {{name: {Str(o, "name")}, namespace: {Str(o, "namespace")}}}\n");
            sb.Append($"data:\n  tls.crt: {Convert.ToBase64String(Encoding.ASCII.GetBytes(crt))}\n  tls.key: {Convert.ToBase64String(Encoding.ASCII.GetBytes(key))}\n");
        }

        return sb.ToString();
    }

    /// <summary>The PEM of a newly generated CA certificate.</summary>
    public static string FreshCaPem()
    {
        using var ca = CreateCa();
        return ca.ExportCertificatePem();
    }

    private static string Str(JsonElement e, string name) => e.GetProperty(name).GetString()!;

    private static string Indent(string pem) => string.Join('\n', pem.Split('\n').Select(l => "    " + l));

    private static X509Certificate2 CreateCa()
    {
        // Not disposed: the CA certificate keeps using the key to sign leaves.
        var rsa = RSA.Create(2048);
        var req = new CertificateRequest("CN=gatewayapi, O=Kubernetes Gateway API, C=US", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        req.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        req.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.DigitalSignature, true));
        return req.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(365));
    }

    private static (string Crt, string Key) CreateLeaf(IReadOnlyList<string> hosts, X509Certificate2? ca, bool client)
    {
        using var rsa = RSA.Create(2048);
        var req = new CertificateRequest("CN=default, O=Acme Co", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        foreach (var host in hosts)
        {
            if (host.Contains("://", StringComparison.Ordinal) || host == "*")
            {
                san.AddUri(new Uri(host == "*" ? "urn:any" : host));
            }
            else
            {
                san.AddDnsName(host);
            }
        }

        if (hosts.Count > 0)
        {
            req.CertificateExtensions.Add(san.Build());
        }

        req.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(client ? "1.3.6.1.5.5.7.3.2" : "1.3.6.1.5.5.7.3.1")], false));
        using var cert = ca is null
            ? req.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(365))
            : req.Create(ca, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(364), Guid.NewGuid().ToByteArray()[..8]);
        return (cert.ExportCertificatePem(), rsa.ExportRSAPrivateKeyPem());
    }
}
