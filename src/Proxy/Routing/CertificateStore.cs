using System.Security.Cryptography.X509Certificates;
using GitGateway.Plan;
using GitGateway.Plan.Model;
using GitGateway.Proxy.Sync;

namespace GitGateway.Proxy.Routing;

/// <summary>
/// Certificate references resolved on the node's disk: <c>DIR/&lt;ns&gt;/&lt;name&gt;/tls.crt</c> + <c>tls.key</c> for
/// Secrets, <c>DIR/&lt;ns&gt;/&lt;name&gt;/ca.crt</c> for CA bundles (as a mounted Secret or ConfigMap would be).
/// Key material never travels in a plan. A plan is input too: a namespace or name that is not a DNS-1123 name
/// (<c>../../etc</c>, an absolute path), or a file whose real path leaves DIR through a symbolic link, is refused.
/// Files are read when a plan is compiled and, once <see cref="Watch"/> ran, again at the first handshake after any
/// change under DIR (a renewal written in place, or a mounted Secret's <c>..data</c> swap), without a new plan.
/// </summary>
internal sealed class CertificateStore(string? directory) : ICertificateSource, IDisposable
{
    private FileChangeSignal? _watch;
    private long _version;

    /// <summary>Moves on every change under DIR while it is watched; constant before (files then read per plan).</summary>
    public long Version => Interlocked.Read(ref _version);

    /// <summary>
    /// Watches DIR and the directories below it (inotify), or gives the reason it cannot: then a renewal is served
    /// from the next plan, as before. Nothing to do without a directory or when already watching.
    /// </summary>
    public string? Watch()
    {
        if (directory is null || _watch is not null)
        {
            return null;
        }

        _watch = FileChangeSignal.TryWatchTree(directory, () => Interlocked.Increment(ref _version), out var reason);
        return reason;
    }

    public void Dispose() => _watch?.Dispose();

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
