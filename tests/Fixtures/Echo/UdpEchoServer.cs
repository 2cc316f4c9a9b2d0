using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace GitGateway.Fixtures.Echo;

/// <summary>
/// UDP echo: every datagram goes back to its sender unchanged. Each one is also logged as an event
/// (<see cref="EchoEvent.UdpDatagramPrefix"/> + the payload as UTF-8), so a test can tell which backend answered a datagram that
/// only it sent: a datagram names no pod the way the HTTP echo's JSON does.
/// </summary>
internal sealed class UdpEchoServer : IAsyncDisposable
{
    // Only the start of a datagram is logged: the tests send short tokens, and a flood must not grow the log unbounded.
    private const int LoggedBytes = 256;

    private readonly UdpClient _socket;
    private readonly ConcurrentQueue<EchoEvent>? _events;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public UdpEchoServer(IPAddress address, int port, ConcurrentQueue<EchoEvent>? events = null)
    {
        _events = events;
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
                _events?.Enqueue(new EchoEvent(EchoEvent.UdpDatagramPrefix + Encoding.UTF8.GetString(datagram.Buffer, 0, Math.Min(datagram.Buffer.Length, LoggedBytes)), datagram.RemoteEndPoint.ToString()));
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
