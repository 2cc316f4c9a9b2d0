using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using GitGateway.Plan.Model;

namespace GitGateway.Proxy.Routing;

/// <summary>
/// Loads a terminating listener's certificates and indexes them by the DNS names they carry, so the handshake
/// picks the certificate for the client's SNI (several certificates per listener, Gateway API
/// <c>certificateRefs</c>). Certificate contexts are reused across revisions while the certificates do not change.
/// The listener loads them again when the source changes (Secrets from the API, a watched certificate directory).
/// </summary>
internal sealed class TlsMaterialCompiler(ICertificateSource store, Upstream.UpstreamConnectionOptions? connections = null)
{
    private readonly Dictionary<string, (DateTime Written, SslStreamCertificateContext Context, string[] Names)> _cache = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    /// <summary>The compiler of upstream TLS (BackendTLSPolicy), reading from the same certificate directory.</summary>
    public UpstreamTlsCompiler Upstream { get; } = new(store, connections);

    public ServerTls Compile(string listenerId, ListenerTls tls, List<string> warnings)
    {
        // The version before the load: a change landing during it (a Secret's first list) is then seen as newer.
        var loadedVersion = store.Version;
        var (certificates, fallback) = LoadAll(tls, missing => warnings.Add($"{listenerId}: certificate {missing} not found in the certificate {(store is CertificateStore ? "directory" : "source")}"));

        ClientCertificatePolicy? client = null;
        if (tls.ClientValidation is { } validation)
        {
            var cas = new X509Certificate2Collection();
            foreach (var reference in validation.CaCertificateRefs)
            {
                cas.AddRange(store.LoadCa(reference));
            }

            client = new ClientCertificatePolicy(cas, string.Equals(validation.Mode, "AllowInsecureFallback", StringComparison.Ordinal));
        }

        return new ServerTls(certificates, fallback, client, store, () => LoadAll(tls, _ => { }), loadedVersion);
    }

    private (HostnameMap<SslStreamCertificateContext>, SslStreamCertificateContext?) LoadAll(ListenerTls tls, Action<CertificateRef> missing)
    {
        var byName = new List<KeyValuePair<string, SslStreamCertificateContext>>();
        SslStreamCertificateContext? fallback = null;
        foreach (var reference in tls.CertificateRefs)
        {
            var loaded = Load(reference);
            if (loaded is null)
            {
                missing(reference);
                continue;
            }

            fallback ??= loaded.Value.Context;
            byName.AddRange(loaded.Value.Names.Select(n => new KeyValuePair<string, SslStreamCertificateContext>(n, loaded.Value.Context)));
        }

        return (new HostnameMap<SslStreamCertificateContext>(byName), fallback);
    }

    private (SslStreamCertificateContext Context, string[] Names)? Load(CertificateRef reference)
    {
        var key = reference.ToString();
        lock (_lock)
        {
            var certificate = store.LoadServer(reference);
            if (certificate is null)
            {
                return null;
            }

            if (_cache.TryGetValue(key, out var cached) && cached.Written == certificate.NotBefore && cached.Context.TargetCertificate.Thumbprint == certificate.Thumbprint)
            {
                certificate.Dispose();
                return (cached.Context, cached.Names);
            }

            var names = certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().SelectMany(e => e.EnumerateDnsNames()).ToArray();
            if (names.Length == 0)
            {
                names = [certificate.GetNameInfo(X509NameType.DnsName, forIssuer: false)];
            }

            var context = SslStreamCertificateContext.Create(certificate, additionalCertificates: null, offline: true);
            _cache[key] = (certificate.NotBefore, context, names);
            return (context, names);
        }
    }
}
