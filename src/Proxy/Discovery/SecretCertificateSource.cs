using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using GitGateway.Plan;
using GitGateway.Plan.Model;
using GitGateway.Proxy.Routing;
using k8s;
using k8s.Models;

namespace GitGateway.Proxy.Discovery;

/// <summary>
/// Certificates from <c>kubernetes.io/tls</c> Secrets (<c>tls.crt</c>, <c>tls.key</c>, and <c>ca.crt</c> for CA
/// bundles), and CA bundles from Secrets of any other type that hold <c>ca.crt</c> (a BackendTLSPolicy's
/// caCertificateRefs may name any Secret with that key; only <c>ca.crt</c> is kept of such a Secret, never served as
/// a server certificate), each Secret that a certificateRef names watched on its own (a field selector on its name, as the
/// kubelet watches the Secrets it mounts), so the node reads only the Secrets routes point at. A change moves
/// <see cref="Version"/> and listeners load the new certificate at their next handshake. References of another kind
/// (a ConfigMap CA bundle) resolve on disk, through <paramref name="disk"/>. Once a plan is in force,
/// <see cref="Retain"/> stops the watches of Secrets it no longer names and drops their certificates, so a node
/// that served many plans watches only what the current one uses (and <see cref="MaxSecrets"/> counts only those).
/// </summary>
internal sealed partial class SecretCertificateSource(KubeApi api, CertificateStore disk, TimeProvider time, ILogger<SecretCertificateSource> logger) : ICertificateSource
{
    /// <summary>Secrets watched at most; references past it resolve to none.</summary>
    public const int MaxSecrets = 1_000;

    /// <summary>The API server's limit on a Secret; a larger value is ignored.</summary>
    public const int MaxValueBytes = 1024 * 1024;

    private const string TlsType = "kubernetes.io/tls";
    private const string CaKey = "ca.crt";

    private readonly Lock _lock = new();
    private readonly Dictionary<(string Ns, string Name), IDictionary<string, byte[]>?> _secrets = [];
    private readonly List<(string Ns, string Name)> _pending = [];
    private readonly Dictionary<(string Ns, string Name), CancellationTokenSource> _watches = [];
    private CancellationToken? _running;
    private long _version;

    public long Version => Interlocked.Read(ref _version);

    public X509Certificate2? LoadServer(CertificateRef reference)
    {
        if (Data(reference) is not { } data)
        {
            return reference.Kind == "Secret" ? null : disk.LoadServer(reference);
        }

        if (!data.TryGetValue("tls.crt", out var crt) || !data.TryGetValue("tls.key", out var key))
        {
            return null;
        }

        try
        {
            return X509Certificate2.CreateFromPem(Encoding.ASCII.GetString(crt), Encoding.ASCII.GetString(key));
        }
        catch (CryptographicException e)
        {
            LogUnreadable(logger, reference.Namespace, reference.Name, e.Message);
            return null;
        }
    }

    public X509Certificate2Collection LoadCa(CertificateRef reference)
    {
        var collection = new X509Certificate2Collection();
        if (Data(reference) is not { } data)
        {
            return reference.Kind == "Secret" ? collection : disk.LoadCa(reference);
        }

        if (data.TryGetValue(CaKey, out var pem) || data.TryGetValue("tls.crt", out pem))
        {
            try
            {
                collection.ImportFromPem(Encoding.ASCII.GetString(pem));
            }
            catch (CryptographicException e)
            {
                LogUnreadable(logger, reference.Namespace, reference.Name, e.Message);
            }
        }

        return collection;
    }

    /// <summary>Watches the Secrets referenced so far, and from now on each new one at once, until stopped.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            _running = cancellationToken;
            _pending.ForEach(Start);
            _pending.Clear();
        }

        await Task.Delay(Timeout.Infinite, cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
    }

    /// <summary>The Secrets watched now (for status and tests).</summary>
    public int Watched
    {
        get
        {
            lock (_lock)
            {
                return _secrets.Count;
            }
        }
    }

    /// <summary>
    /// Stops watching every Secret not in <paramref name="referenced"/> (the Secret references of the plan now in force)
    /// and drops what it held; a Secret named again later is watched again from a fresh list.
    /// </summary>
    public void Retain(IReadOnlySet<(string Ns, string Name)> referenced)
    {
        List<(string Ns, string Name)> stopped;
        lock (_lock)
        {
            stopped = [.. _secrets.Keys.Where(k => !referenced.Contains(k))];
            foreach (var key in stopped)
            {
                _secrets.Remove(key);
                _pending.Remove(key);
                if (_watches.Remove(key, out var watch))
                {
                    watch.Cancel();
                    watch.Dispose();
                }
            }

            if (stopped.Count > 0)
            {
                Interlocked.Increment(ref _version);
            }
        }

        foreach (var (ns, name) in stopped)
        {
            LogStopped(logger, ns, name);
        }
    }

    /// <summary>The Secret's data when it is a watched TLS Secret; null for another kind of reference or a Secret not seen (yet).</summary>
    private IDictionary<string, byte[]>? Data(CertificateRef reference)
    {
        if (reference.Kind != "Secret" || !MountedFiles.IsName(reference.Namespace, 63) || !MountedFiles.IsName(reference.Name))
        {
            return null;
        }

        lock (_lock)
        {
            var key = (reference.Namespace, reference.Name);
            if (_secrets.TryGetValue(key, out var data))
            {
                return data;
            }

            if (_secrets.Count < MaxSecrets)
            {
                _secrets[key] = null;
                if (_running is null)
                {
                    _pending.Add(key);
                }
                else
                {
                    Start(key);
                }
            }

            return null;
        }
    }

    private void Start((string Ns, string Name) key)
    {
        var field = "metadata.name=" + key.Name;
        var loop = new KubeWatchLoop<V1Secret>(
            $"secret {key.Ns}/{key.Name}",
            async ct =>
            {
                var list = await api.Client.CoreV1.ListNamespacedSecretAsync(key.Ns, fieldSelector: field, cancellationToken: ct);
                return (list.Items ?? [], list.Metadata?.ResourceVersion ?? "");
            },
            (version, onError, ct) => api.WatchAsync(
                $"api/v1/namespaces/{Uri.EscapeDataString(key.Ns)}/secrets?{KubeApi.WatchQuery(version, 300)}&fieldSelector={Uri.EscapeDataString(field)}",
                SourceGenerationContext.Default.V1Secret,
                onError,
                ct),
            new Sink(this, key),
            time,
            logger);
        var watch = CancellationTokenSource.CreateLinkedTokenSource(_running!.Value);
        _watches[key] = watch;
        _ = loop.RunAsync(watch.Token);
    }

    private void Set((string Ns, string Name) key, V1Secret? secret)
    {
        IDictionary<string, byte[]>? data = secret is { Data: { } values } && values.Values.All(v => v is not null && v.Length <= MaxValueBytes)
            ? secret.Type == TlsType ? new Dictionary<string, byte[]>(values, StringComparer.Ordinal) : CaOnly(values)
            : null;
        lock (_lock)
        {
            if (!_secrets.TryGetValue(key, out var old) || Same(old, data))
            {
                return;
            }

            _secrets[key] = data;
            Interlocked.Increment(ref _version);
        }

        LogChanged(logger, key.Ns, key.Name, data is not null);
    }

    // A Secret of another type (Opaque, …) counts only for its ca.crt: the rest may be anything and is not kept.
    private static Dictionary<string, byte[]>? CaOnly(IDictionary<string, byte[]> values) =>
        values.TryGetValue(CaKey, out var ca) ? new Dictionary<string, byte[]>(StringComparer.Ordinal) { [CaKey] = ca } : null;

    private static bool Same(IDictionary<string, byte[]>? a, IDictionary<string, byte[]>? b) =>
        a is null || b is null
            ? a is null && b is null
            : a.Count == b.Count && a.All(pair => b.TryGetValue(pair.Key, out var other) && pair.Value.AsSpan().SequenceEqual(other));

    [LoggerMessage(Level = LogLevel.Information, Message = "secret {Namespace}/{Name} changed (usable TLS material: {Usable})")]
    private static partial void LogChanged(ILogger logger, string @namespace, string name, bool usable);

    [LoggerMessage(Level = LogLevel.Information, Message = "secret {Namespace}/{Name} is no longer referenced by the plan: its watch is stopped and its certificate dropped")]
    private static partial void LogStopped(ILogger logger, string @namespace, string name);

    [LoggerMessage(Level = LogLevel.Warning, Message = "secret {Namespace}/{Name} does not hold a readable certificate: {Error}")]
    private static partial void LogUnreadable(ILogger logger, string @namespace, string name, string error);

    private sealed class Sink(SecretCertificateSource source, (string Ns, string Name) key) : IWatchSink<V1Secret>
    {
        public void Reset(IEnumerable<V1Secret> items) => source.Set(key, items.FirstOrDefault(s => s.Metadata?.Name == key.Name));

        public void Apply(WatchChange type, V1Secret item) => source.Set(key, type == WatchChange.Deleted ? null : item);
    }
}
