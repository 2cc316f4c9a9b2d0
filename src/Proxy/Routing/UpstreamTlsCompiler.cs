using System.Security.Cryptography.X509Certificates;
using GitGateway.Plan.Model;
using GitGateway.Proxy.Forwarding;

namespace GitGateway.Proxy.Routing;

/// <summary>
/// Turns a plan backend's upstream TLS into a client: CA bundles and the client certificate are read from the
/// node's certificate source, directory or Secrets (names only travel in a plan). Clients are shared by configuration, keyed by what
/// the files held, so a plan revision that changes nothing keeps its warm connections and one that changes a CA
/// gets new ones. The cache is bounded: past <see cref="MaxClients"/> it starts over (clients in use keep working).
/// </summary>
internal sealed class UpstreamTlsCompiler(ICertificateSource store, Upstream.UpstreamConnectionOptions? connections = null)
{
    private const int MaxClients = 256;
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(5);
    private readonly Dictionary<string, UpstreamTlsClient> _clients = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public UpstreamTlsClient Compile(UpstreamTls tls)
    {
        ArgumentNullException.ThrowIfNull(tls);
        var trusted = new X509Certificate2Collection();
        foreach (var reference in tls.CaCertificateRefs)
        {
            trusted.AddRange(store.LoadCa(reference));
        }

        var client = tls.ClientCertificateRef is { } r ? store.LoadServer(r) : null;
        var key = string.Join(
            '|',
            tls.Sni,
            tls.SystemRoots,
            string.Join(',', tls.SubjectAltNames.Select(s => s.Type + "=" + s.Value)),
            string.Join(',', trusted.Select(c => c.Thumbprint)),
            client?.Thumbprint ?? "");
        lock (_lock)
        {
            if (_clients.TryGetValue(key, out var cached))
            {
                client?.Dispose();
                return cached;
            }

            if (_clients.Count >= MaxClients)
            {
                _clients.Clear();
            }

            var created = new UpstreamTlsClient(new UpstreamTlsSettings(tls.Sni, trusted, tls.SystemRoots, tls.SubjectAltNames, client), ConnectTimeout, connections);
            _clients[key] = created;
            return created;
        }
    }
}
