using System.Net;
using GitGateway.Proxy.Admission;
using GitGateway.Proxy.Forwarding;
using GitGateway.Proxy.Observability;
using GitGateway.Proxy.Routing;

namespace GitGateway.Proxy.Hosting;

/// <summary>Builds the server for one local port from the node's shared parts.</summary>
internal sealed class PortServerFactory(
    KestrelFactory kestrel,
    RouteTableHolder tables,
    EntryServer entries,
    ProxyMetrics metrics,
    AccessLog accessLog,
    TimeProvider time,
    ILoggerFactory loggers,
    IPAddress address,
    EdgePolicy edge,
    ConnectionGate gate,
    LoadShedder shedder,
    BurstEndCollector? bursts)
{
    public IPortServer Create(int localPort, int planPort, PortKind kind)
    {
        var endpoint = new IPEndPoint(address, localPort);
        if (kind == PortKind.Udp)
        {
            return new UdpPortServer(new UdpRelay(tables, planPort, time, loggers.CreateLogger<UdpRelay>()), endpoint);
        }

        var handler = new ProxyRequestHandler(tables, entries, metrics, accessLog, time, planPort, kind == PortKind.Tls, edge, shedder, bursts);
        var l4 = new L4ConnectionHandler(tables, planPort, time, loggers.CreateLogger<L4ConnectionHandler>());
        return new KestrelPortServer(kestrel, endpoint, kind, handler, l4, new TlsOptionsSelector(tables, planPort), new H2cPriorKnowledge(time), gate, new Http2HeaderBlockGuard(metrics.Overload),
            edge.ProxyProtocol ? new ProxyProtocolAcceptor(edge, clientSpeaksFirst: kind != PortKind.Tcp, time, metrics.ProxyProtocol) : null);
    }
}
