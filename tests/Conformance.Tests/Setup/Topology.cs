using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace GitGateway.Conformance.Tests.Setup;

/// <summary>
/// Services and the echo Deployments behind them, read from the manifests, so that a Service port in the plan can
/// be answered by the echo instance standing in for its Deployment.
/// </summary>
internal sealed class Topology
{
    private readonly Dictionary<string, (IReadOnlyDictionary<string, string> Selector, List<ServicePortSpec> Ports)> _services = new(StringComparer.Ordinal);
    private readonly List<DeploymentSpec> _deployments = [];

    private readonly string? _selectorlessDeployment;

    /// <param name="manifests">Every object the case applies.</param>
    /// <param name="selectorlessDeployment">
    /// The Deployment whose pods the test writes into the EndpointSlices of Services without a selector
    /// (HTTPRouteServiceTypes fills them with infra-backend-v1's pods), or null.
    /// </param>
    public Topology(IEnumerable<Manifest> manifests, string? selectorlessDeployment)
    {
        _selectorlessDeployment = selectorlessDeployment;
        foreach (var m in manifests)
        {
            if (m.Kind == "Service")
            {
                AddService(m);
            }
            else if (m.Kind == "Deployment")
            {
                AddDeployment(m);
            }
        }
    }

    public IReadOnlyList<DeploymentSpec> Deployments => _deployments;

    /// <summary>The Deployment behind a Service port and the container port it targets, or null when unresolvable.</summary>
    public (DeploymentSpec Deployment, int TargetPort)? Resolve(string ns, string service, int port)
    {
        if (!_services.TryGetValue($"{ns}/{service}", out var svc))
        {
            return null;
        }

        var target = svc.Ports.FirstOrDefault(p => p.Port == port);
        var deployment = svc.Selector.Count == 0
            ? _deployments.FirstOrDefault(d => d.Namespace == ns && d.Name == _selectorlessDeployment)
            : _deployments.FirstOrDefault(d => d.Namespace == ns && svc.Selector.All(kv => d.PodLabels.TryGetValue(kv.Key, out var v) && v == kv.Value));
        return target is null || deployment is null ? null : (deployment, target.TargetPort);
    }

    private void AddService(Manifest m)
    {
        var spec = Manifest.Map(m.Root, "spec");
        var ports = new List<ServicePortSpec>();
        foreach (var p in Manifest.Seq(spec, "ports")?.Children.OfType<YamlMappingNode>() ?? [])
        {
            var port = int.Parse(Manifest.Scalar(p, "port") ?? "0", CultureInfo.InvariantCulture);
            var target = Manifest.Scalar(p, "targetPort");
            ports.Add(new ServicePortSpec(port, int.TryParse(target, CultureInfo.InvariantCulture, out var t) ? t : port));
        }

        _services[$"{m.Namespace}/{m.Name}"] = (Manifest.Labels(Manifest.Map(spec, "selector")), ports);
    }

    private void AddDeployment(Manifest m)
    {
        var template = Manifest.Map(Manifest.Map(m.Root, "spec"), "template");
        var labels = Manifest.Labels(Manifest.Map(Manifest.Map(template, "metadata"), "labels"));
        var podSpec = Manifest.Map(template, "spec");
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var container in Manifest.Seq(podSpec, "containers")?.Children.OfType<YamlMappingNode>() ?? [])
        {
            foreach (var e in Manifest.Seq(container, "env")?.Children.OfType<YamlMappingNode>() ?? [])
            {
                env[Manifest.Scalar(e, "name") ?? ""] = Manifest.Scalar(e, "value") ?? "";
            }
        }

        var secret = (Manifest.Seq(podSpec, "volumes")?.Children.OfType<YamlMappingNode>() ?? [])
            .Select(v => Manifest.Scalar(Manifest.Map(v, "secret"), "secretName"))
            .FirstOrDefault(s => s is not null);
        var mode = env.ContainsKey("GRPC_ECHO_SERVER") ? EchoMode.Grpc
            : env.ContainsKey("TCP_ECHO_SERVER") ? EchoMode.Tcp
            : env.ContainsKey("UDP_ECHO_SERVER") ? EchoMode.Udp
            : EchoMode.Http;
        _deployments.Add(new DeploymentSpec(m.Namespace, m.Name, labels, mode, env.ContainsKey("TLS_SERVER_CERT") ? secret : null));
    }
}
