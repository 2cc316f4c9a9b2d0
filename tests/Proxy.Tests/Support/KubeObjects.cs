using GitGateway.Fixtures.Kube;
using GitGateway.Proxy.Discovery;
using k8s;
using k8s.Models;

namespace GitGateway.Proxy.Tests.Support;

/// <summary>The real client pointed at an <see cref="ApiEmulator"/>, and the objects tests write through it.</summary>
internal static class KubeObjects
{
    public static Kubernetes Client(ApiEmulator api) => new(new KubernetesClientConfiguration { Host = api.Address.ToString().TrimEnd('/') });

    /// <summary>The node's own client (the AOT-clean one, with its own watch) pointed at <paramref name="api"/>.</summary>
    public static KubeApi Node(ApiEmulator api) => new KubeApiOptions(api.Address.ToString()).CreateClient();

    /// <summary>An EndpointSlice of Service <paramref name="service"/> in <c>infra</c> with one port and these addresses (ready unless listed in <paramref name="terminating"/>).</summary>
    public static V1EndpointSlice Slice(string name, string service, int port, IEnumerable<string> addresses, params string[] terminating) => new()
    {
        ApiVersion = "discovery.k8s.io/v1",
        Kind = "EndpointSlice",
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "infra", Labels = new Dictionary<string, string> { ["kubernetes.io/service-name"] = service } },
        AddressType = "IPv4",
        Ports = [new Discoveryv1EndpointPort { Name = "http", Port = port, Protocol = "TCP" }],
        Endpoints = [.. addresses.Select(a => new V1Endpoint
        {
            Addresses = [a],
            Conditions = terminating.Contains(a)
                ? new V1EndpointConditions { Ready = false, Serving = true, Terminating = true }
                : new V1EndpointConditions { Ready = true, Serving = true, Terminating = false },
        })],
    };
}
