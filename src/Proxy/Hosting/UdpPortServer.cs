using System.Net;
using GitGateway.Proxy.Forwarding;

namespace GitGateway.Proxy.Hosting;

/// <summary>A UDP port: the datagram relay.</summary>
internal sealed class UdpPortServer(UdpRelay relay, IPEndPoint endpoint) : IPortServer
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        relay.Start(endpoint.Address, endpoint.Port);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken) => await relay.DisposeAsync();
}
