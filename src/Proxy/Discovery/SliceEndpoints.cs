using System.Globalization;
using System.Net;
using k8s.Models;

namespace GitGateway.Proxy.Discovery;

/// <summary>
/// What one EndpointSlice says, checked (every field comes from the cluster and is treated as hostile): the Service it
/// belongs to (label <c>kubernetes.io/service-name</c>), its ports and its endpoints' first address with their
/// conditions (https://kubernetes.io/docs/concepts/services-networking/endpoint-slices/#conditions).
/// </summary>
internal sealed record SliceEndpoints(string Namespace, string Service, SliceEndpoints.SlicePort[] Ports, SliceEndpoints.SliceEndpoint[] Endpoints)
{
    /// <summary>The API server's own limit on endpoints in a slice; more are ignored.</summary>
    public const int MaxEndpoints = 1000;

    public const string ServiceLabel = "kubernetes.io/service-name";

    /// <summary>The slice's meaning, or null when it names no Service or carries FQDN addresses (not balanced per endpoint).</summary>
    public static SliceEndpoints? From(V1EndpointSlice slice)
    {
        var ns = slice.Metadata?.NamespaceProperty;
        if (ns is null || slice.Metadata?.Labels?.TryGetValue(ServiceLabel, out var service) != true || string.IsNullOrEmpty(service)
            || slice.AddressType is not ("IPv4" or "IPv6"))
        {
            return null;
        }

        var ports = (slice.Ports ?? []).Where(p => p.Port is > 0 and <= 65_535).Select(p => new SlicePort(p.Name, p.Port!.Value)).ToArray();
        var endpoints = (slice.Endpoints ?? []).Take(MaxEndpoints)
            .Select(e => (Address: e.Addresses?.FirstOrDefault(), e.Conditions))
            .Where(e => e.Address is not null && IPAddress.TryParse(e.Address, out _))
            .Select(e => new SliceEndpoint(
                IPAddress.Parse(e.Address!),
                e.Conditions?.Ready != false,
                e.Conditions?.Serving ?? e.Conditions?.Ready != false,
                e.Conditions?.Terminating == true))
            .ToArray();
        return new SliceEndpoints(ns, service, ports, endpoints);
    }

    /// <summary>
    /// The slice's port for Service port <paramref name="servicePort"/>: its only port, or the one with the same
    /// number. A slice lists target ports by the Service port's name, which the plan does not carry, so a multi-port
    /// Service whose target ports differ from its ports is not matched (its Service stays on DNS).
    /// </summary>
    public int? PortFor(int servicePort) =>
        Ports.Length == 1 ? Ports[0].Port : Ports.FirstOrDefault(p => p.Port == servicePort)?.Port;

    public sealed record SlicePort(string? Name, int Port);

    public sealed record SliceEndpoint(IPAddress Address, bool Ready, bool Serving, bool Terminating)
    {
        public string Authority(int port) => Address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6
            ? $"[{Address}]:{port.ToString(CultureInfo.InvariantCulture)}"
            : $"{Address}:{port.ToString(CultureInfo.InvariantCulture)}";
    }
}
