using System.Security.Cryptography.X509Certificates;
using GitGateway.Plan;
using GitGateway.Plan.Model;

namespace GitGateway.Proxy.Routing;

/// <summary>
/// Certificate references resolved on the node's disk: <c>DIR/&lt;ns&gt;/&lt;name&gt;/tls.crt</c> + <c>tls.key</c> for
/// Secrets, <c>DIR/&lt;ns&gt;/&lt;name&gt;/ca.crt</c> for CA bundles (as a mounted Secret or ConfigMap would be).
/// Key material never travels in a plan. A plan is input too: a namespace or name that is not a DNS-1123 name
/// (<c>../../etc</c>, an absolute path), or a file whose real path leaves DIR through a symbolic link, is refused.
/// </summary>
internal sealed class CertificateStore(string? directory) : ICertificateSource
{
    /// <summary>Files are read when a plan is compiled; a renewal on disk is served from the next plan.</summary>
    public long Version => 0;

    public X509Certificate2? LoadServer(CertificateRef reference)
    {
        if (Folder(reference) is not { } folder)
        {
            return null;
        }

        var crt = Inside(Path.Combine(folder, "tls.crt"));
        var key = Inside(Path.Combine(folder, "tls.key"));
        return crt is not null && key is not null ? X509Certificate2.CreateFromPemFile(crt, key) : null;
    }

    public X509Certificate2Collection LoadCa(CertificateRef reference)
    {
        var collection = new X509Certificate2Collection();
        if (Folder(reference) is not { } folder)
        {
            return collection;
        }

        if ((Inside(Path.Combine(folder, "ca.crt")) ?? Inside(Path.Combine(folder, "tls.crt"))) is { } path)
        {
            collection.ImportFromPemFile(path);
        }

        return collection;
    }

    /// <summary>DIR/ns/name when both are DNS-1123 names and a directory is configured, else null.</summary>
    internal string? Folder(CertificateRef reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        if (directory is null || !MountedFiles.IsName(reference.Namespace, 63) || !MountedFiles.IsName(reference.Name))
        {
            return null;
        }

        return Path.Combine(Path.GetFullPath(directory), reference.Namespace, reference.Name);
    }

    // The existing file, resolved through any links, when it lies inside DIR.
    private string? Inside(string path)
    {
        try
        {
            return MountedFiles.Inside(directory!, path);
        }
        catch (IOException)
        {
            return null; // a link cycle or a link that vanished: not a certificate we can trust
        }
    }
}
