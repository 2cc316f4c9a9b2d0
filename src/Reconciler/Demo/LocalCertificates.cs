using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using GitGateway.Plan.Model;

namespace GitGateway.Reconciler.Demo;

/// <summary>
/// Self-signed certificates for the embedded default: for every certificate a plan's listeners reference, a
/// key and certificate valid for the hostnames those listeners serve, written where the node looks
/// (<c>DIR/&lt;ns&gt;/&lt;name&gt;/tls.crt</c> + <c>tls.key</c>). Generated at start; never committed.
/// </summary>
internal static class LocalCertificates
{
    public static void Write(RoutingPlan plan, string directory, TimeProvider time)
    {
        var byRef = plan.Listeners
            .Where(l => l.Tls is not null)
            .SelectMany(l => l.Tls!.CertificateRefs.Select(c => (Ref: c, Hosts: Hosts(l))))
            .GroupBy(x => (x.Ref.Namespace, x.Ref.Name));
        foreach (var group in byRef)
        {
            var folder = Path.Combine(directory, group.Key.Namespace, group.Key.Name);
            if (File.Exists(Path.Combine(folder, "tls.crt")))
            {
                continue;
            }

            Directory.CreateDirectory(folder);
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var request = new CertificateRequest($"CN={group.Key.Name}", key, HashAlgorithmName.SHA256);
            var san = new SubjectAlternativeNameBuilder();
            foreach (var host in group.SelectMany(g => g.Hosts).Distinct(StringComparer.Ordinal))
            {
                san.AddDnsName(host);
            }

            request.CertificateExtensions.Add(san.Build());
            var now = time.GetUtcNow();
            using var certificate = request.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(30));
            File.WriteAllText(Path.Combine(folder, "tls.crt"), certificate.ExportCertificatePem());
            File.WriteAllText(Path.Combine(folder, "tls.key"), key.ExportPkcs8PrivateKeyPem());
        }
    }

    private static IEnumerable<string> Hosts(Listener listener)
    {
        var hosts = listener.VirtualHosts.Select(v => v.Hostname).Where(h => h != "*").ToList();
        if (listener.Hostname is { } h)
        {
            hosts.Add(h);
        }

        return hosts.Count == 0 ? ["localhost"] : hosts;
    }
}
