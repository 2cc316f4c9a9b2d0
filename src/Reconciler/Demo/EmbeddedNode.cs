using System.Net;
using GitGateway.Proxy.Hosting;
using GitGateway.Proxy.Sync;

namespace GitGateway.Reconciler.Demo;

/// <summary>
/// A proxy node in the control plane's process (the embedded default), fed by the control-plane protocol like
/// any other node (<paramref name="follow"/>: where, which repository, long-poll or event stream): Gateway ports
/// mapped to local ports, backends from a file, certificates from a folder, and its admin endpoint (<c>/metrics</c>,
/// <c>/readyz</c>) on a free loopback port.
/// </summary>
internal static class EmbeddedNode
{
    public static async Task<ProxyNode> StartAsync(
        ControlPlaneOptions follow,
        IReadOnlyDictionary<int, int> portMap,
        string workDirectory,
        HttpClient http,
        ILoggerFactory loggers,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var options = new ProxyOptions(
            PlanPath: Path.Combine(workDirectory, "unused-plan.json"),
            BackendsPath: Path.Combine(workDirectory, "backends.json"),
            Listen: IPAddress.Loopback,
            PortMap: portMap,
            CertDir: Path.Combine(workDirectory, "certs"),
            AdminPort: 0,
            StateDir: Path.Combine(workDirectory, "state"),
            NodeName: follow.NodeName,
            AccessLog: false,
            Drain: TimeSpan.FromSeconds(2));
        var node = new ProxyNode(options, time, loggers, TextWriter.Null)
        {
            Source = new ControlPlanePlanSource(http, follow, time),
        };
        await node.StartAsync(cancellationToken);
        return node;
    }
}
