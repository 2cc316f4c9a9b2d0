using System.Net.Security;

namespace GitGateway.Proxy.Routing;

/// <summary>
/// Server certificates of a terminating listener, chosen by SNI, and its client validation. With a live certificate
/// source the certificates are loaded again at the first handshake after the source's version moved (a renewed
/// Secret), so a rotation is served without a new plan.
/// </summary>
internal sealed class ServerTls
{
    private readonly ICertificateSource? _live;
    private readonly Func<(HostnameMap<SslStreamCertificateContext> Map, SslStreamCertificateContext? Fallback)>? _reload;
    private readonly Lock _lock = new();
    private Loaded _current;
    private long _loadedVersion;

    public ServerTls(
        HostnameMap<SslStreamCertificateContext> certificates,
        SslStreamCertificateContext? fallback,
        ClientCertificatePolicy? clientPolicy,
        ICertificateSource? live = null,
        Func<(HostnameMap<SslStreamCertificateContext>, SslStreamCertificateContext?)>? reload = null,
        long loadedVersion = 0)
    {
        _current = new Loaded(certificates, fallback);
        ClientPolicy = clientPolicy;
        _live = live;
        _reload = reload;
        // The source's version taken before the caller loaded the certificates: a change that landed during the load
        // (a Secret's first list, started by the load itself) is newer, so the first handshake after it reloads.
        _loadedVersion = loadedVersion;
    }

    public ClientCertificatePolicy? ClientPolicy { get; }

    public SslStreamCertificateContext? Select(string? sni)
    {
        var (map, fallback) = Current();
        return (sni is null ? null : map.Find(sni)) ?? fallback;
    }

    private Loaded Current()
    {
        if (_live is null || _reload is null || _live.Version == Volatile.Read(ref _loadedVersion))
        {
            return Volatile.Read(ref _current);
        }

        lock (_lock)
        {
            var version = _live.Version;
            if (version != _loadedVersion)
            {
                var (map, fallback) = _reload();
                Volatile.Write(ref _current, new Loaded(map, fallback));
                Volatile.Write(ref _loadedVersion, version);
            }

            return _current;
        }
    }

    private sealed record Loaded(HostnameMap<SslStreamCertificateContext> Map, SslStreamCertificateContext? Fallback);
}
