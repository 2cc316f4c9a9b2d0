using System.Net;
using System.Net.Sockets;

namespace GitGateway.Fixtures.Echo;

/// <summary>UDP echo: every datagram goes back to its sender unchanged.</summary>
internal sealed class UdpEchoServer : IAsyncDisposable
{
    private readonly UdpClient _socket;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public UdpEchoServer(IPAddress address, int port)
    {
        _socket = new UdpClient(new IPEndPoint(address, port));
        Port = ((IPEndPoint)_socket.Client.LocalEndPoint!).Port;
        _loop = Task.Run(() => LoopAsync(_stop.Token));
    }

    public int Port { get; }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _socket.Dispose();
        await _loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
    }

    private async Task LoopAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                var datagram = await _socket.ReceiveAsync(ct);
                await _socket.SendAsync(datagram.Buffer, datagram.RemoteEndPoint, ct);
            }
            catch (SocketException)
            {
                // An ICMP error from an earlier send surfaces here on some systems; keep serving.
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
        }
    }
}
