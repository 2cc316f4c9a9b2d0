using System.Security.Cryptography.X509Certificates;
using GitGateway.Plan.Model;

namespace GitGateway.Proxy.Routing;

/// <summary>
/// Certificate references resolved on the node's disk: <c>DIR/&lt;ns&gt;/&lt;name&gt;/tls.crt</c> + <c>tls.key</c> for
/// Secrets, <c>DIR/&lt;ns&gt;/&lt;name&gt;/ca.crt</c> for CA bundles (as a mounted Secret or ConfigMap would be).
/// Key material never travels in a plan.
/// </summary>
internal sealed class CertificateStore(string? directory)
{
    public X509Certificate2? LoadServer(CertificateRef reference)
    {
        if (directory is null)
        {
            return null;
        }

        var folder = Path.Combine(directory, reference.Namespace, reference.Name);
        var crt = Path.Combine(folder, "tls.crt");
        var key = Path.Combine(folder, "tls.key");
        return File.Exists(crt) && File.Exists(key) ? X509Certificate2.CreateFromPemFile(crt, key) : null;
    }

    public X509Certificate2Collection LoadCa(CertificateRef reference)
    {
        var collection = new X509Certificate2Collection();
        if (directory is null)
        {
            return collection;
        }

        var folder = Path.Combine(directory, reference.Namespace, reference.Name);
        var ca = Path.Combine(folder, "ca.crt");
        var path = File.Exists(ca) ? ca : Path.Combine(folder, "tls.crt");
        if (File.Exists(path))
        {
            collection.ImportFromPemFile(path);
        }

        return collection;
    }
}
