using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using GitGateway.Conformance.Tests.Cases;

namespace GitGateway.Conformance.Tests.Setup;

/// <summary>
/// Generates the certificate material <c>suite-setup.json</c> lists (names and SANs matter, bytes do not):
/// self-signed server certificates, CAs, CA-signed server and client certificates. Made once per test run.
/// </summary>
internal static class SuiteCertificates
{
    private static readonly Lazy<IReadOnlyDictionary<string, SuiteObject>> Objects = new(Generate);

    /// <summary>Every generated object by <c>namespace/name</c>.</summary>
    public static IReadOnlyDictionary<string, SuiteObject> All => Objects.Value;

    private static IReadOnlyDictionary<string, SuiteObject> Generate()
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(HarnessPaths.Conformance, "suite-setup.json")));
        var specs = doc.RootElement.GetProperty("objects").EnumerateArray().ToList();
        var byName = new Dictionary<string, SuiteObject>(StringComparer.Ordinal);
        var keys = new Dictionary<string, (X509Certificate2 Cert, RSA Key)>(StringComparer.Ordinal);

        // CAs first: signed certificates refer to them by name.
        foreach (var spec in specs.OrderBy(s => s.TryGetProperty("signedBy", out _) ? 1 : 0))
        {
            var ns = spec.GetProperty("namespace").GetString()!;
            var name = spec.GetProperty("name").GetString()!;
            var kind = spec.GetProperty("kind").GetString()!;
            var generator = spec.GetProperty("generator").GetString()!;
            var hosts = spec.TryGetProperty("hosts", out var h) ? h.EnumerateArray().Select(x => x.GetString()!).ToList() : [];
            var signer = spec.TryGetProperty("signedBy", out var s) ? Signer(keys, ns, s.GetString()!) : default((X509Certificate2, RSA)?);

            var rsa = RSA.Create(2048);
            X509Certificate2 cert = generator switch
            {
                _ when generator.StartsWith("self-signed CA", StringComparison.Ordinal) => CreateCa(rsa),
                _ when generator.StartsWith("client certificate", StringComparison.Ordinal) => CreateLeaf(rsa, [], signer, client: true),
                _ => CreateLeaf(rsa, hosts, signer, client: false),
            };
            keys[$"{ns}/{name}"] = (cert, rsa);
            var pem = PemEncoding.WriteString("CERTIFICATE", cert.RawData);
            byName[$"{ns}/{name}"] = new SuiteObject(kind, ns, name, pem, kind == "Secret" ? rsa.ExportRSAPrivateKeyPem() : null);
        }

        return byName;
    }

    /// <summary>The signing CA: in the same namespace when it exists there, else the one of that name anywhere.</summary>
    private static (X509Certificate2, RSA) Signer(Dictionary<string, (X509Certificate2 Cert, RSA Key)> keys, string ns, string name) =>
        keys.TryGetValue($"{ns}/{name}", out var local) ? local : keys.First(k => k.Key.EndsWith("/" + name, StringComparison.Ordinal)).Value;

    private static X509Certificate2 CreateCa(RSA key)
    {
        var request = new CertificateRequest("CN=gatewayapi, O=Kubernetes Gateway API, C=US", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign | X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-2), DateTimeOffset.UtcNow.AddYears(2));
    }

    private static X509Certificate2 CreateLeaf(RSA key, IReadOnlyList<string> hosts, (X509Certificate2 Cert, RSA Key)? signer, bool client)
    {
        var request = new CertificateRequest("CN=default, O=Acme Co", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        var usage = client ? "1.3.6.1.5.5.7.3.2" : "1.3.6.1.5.5.7.3.1";
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(usage)], false));
        if (hosts.Count > 0)
        {
            request.CertificateExtensions.Add(SubjectAlternativeNames(hosts));
        }

        var notBefore = DateTimeOffset.UtcNow.AddDays(-1);
        var notAfter = DateTimeOffset.UtcNow.AddDays(365);
        if (signer is not { } ca)
        {
            return request.CreateSelfSigned(notBefore, notAfter);
        }

        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7f;
        using var signed = request.Create(ca.Cert, notBefore, notAfter, serial);
        return signed.CopyWithPrivateKey(key);
    }

    /// <summary>DNS names as DNS SANs; anything else (<c>*</c>, <c>spiffe://…</c>) as a URI SAN when it is a URI.</summary>
    private static X509Extension SubjectAlternativeNames(IReadOnlyList<string> hosts)
    {
        var san = new SubjectAlternativeNameBuilder();
        foreach (var host in hosts)
        {
            if (host.Contains("://", StringComparison.Ordinal))
            {
                san.AddUri(new Uri(host));
            }
            else if (host != "*")
            {
                san.AddDnsName(host);
            }
        }

        return san.Build();
    }

    /// <summary>The YAML the suite would have applied for these objects, for the renderer to read.</summary>
    public static string ToYaml(IEnumerable<SuiteObject> objects)
    {
        var yaml = new StringBuilder();
        foreach (var o in objects)
        {
            yaml.Append("---\napiVersion: v1\nkind: ").Append(o.Kind).Append("\nmetadata:\n  name: ").Append(o.Name)
                .Append("\n  namespace: ").Append(o.Namespace).Append('\n');
            if (o.Kind == "Secret")
            {
                yaml.Append("type: kubernetes.io/tls\ndata:\n  tls.crt: ").Append(Base64(o.CertificatePem))
                    .Append("\n  tls.key: ").Append(Base64(o.KeyPem ?? "")).Append('\n');
            }
            else
            {
                yaml.Append("data:\n  ca.crt: |\n");
                foreach (var line in o.CertificatePem.Split('\n', StringSplitOptions.RemoveEmptyEntries))
                {
                    yaml.Append("    ").Append(line).Append('\n');
                }
            }
        }

        return yaml.ToString();
    }

    private static string Base64(string text) => Convert.ToBase64String(Encoding.ASCII.GetBytes(text));
}
