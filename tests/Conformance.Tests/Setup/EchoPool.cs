using System.Collections.Concurrent;
using GitGateway.Fixtures.Echo;

namespace GitGateway.Conformance.Tests.Setup;

/// <summary>
/// Echo instances shared by every case of a run, one per Deployment (namespace, name, mode, certificate). Cases
/// only ever look for request URIs that carry their own UUIDs, and the retry simulator is keyed by UUID, so sharing
/// is safe and saves starting a dozen servers per case. They stop with the test process.
/// </summary>
internal static class EchoPool
{
    private static readonly ConcurrentDictionary<string, Lazy<Task<EchoServer>>> Servers = new(StringComparer.Ordinal);

    public static Task<EchoServer> GetAsync(DeploymentSpec deployment, Func<EchoOptions> options, CancellationToken ct)
    {
        var key = $"{deployment.Key}|{deployment.Mode}|{deployment.CertificateSecret}";
        var lazy = Servers.GetOrAdd(key, _ => new Lazy<Task<EchoServer>>(() => EchoServer.StartAsync(options(), CancellationToken.None)));
        return lazy.Value.WaitAsync(ct);
    }
}
