using System.Net;
using GitGateway.Proxy.Hosting;
using GitGateway.Proxy.Sync;
using Microsoft.Extensions.Logging;

namespace GitGateway.Reconciler.Hosting;

/// <summary>
/// A proxy node in the control plane's process (the embedded default), fed by the control-plane protocol like
/// any other node: Gateway ports mapped to local ports, backends from a file, certificates from a folder. It
/// follows <c>repository</c> of the control plane, or its default repository when null.
/// </summary>
internal static class EmbeddedNode
{
    public static async Task<ProxyNode> StartAsync(
        Uri controlPlane,
        string nodeName,
        string token,
        IReadOnlyDictionary<int, int> portMap,
        string workDirectory,
        HttpClient http,
        ILoggerFactory loggers,
        TimeProvider time,
        string? repository,
        CancellationToken cancellationToken)
    {
        var options = new ProxyOptions(
            PlanPath: Path.Combine(workDirectory, "unused-plan.json"),
            BackendsPath: Path.Combine(workDirectory, "backends.json"),
            Listen: IPAddress.Loopback,
            PortMap: portMap,
            CertDir: Path.Combine(workDirectory, "certs"),
            AdminPort: null,
            StateDir: Path.Combine(workDirectory, "state"),
            NodeName: nodeName,
            AccessLog: false,
            Drain: TimeSpan.FromSeconds(2));
        var node = new ProxyNode(options, time, loggers, TextWriter.Null)
        {
            Source = new ControlPlanePlanSource(http, new ControlPlaneOptions(controlPlane, nodeName, token, WaitSeconds: 25, Repository: repository), time),
        };
        await node.StartAsync(cancellationToken);
        return node;
    }
}
