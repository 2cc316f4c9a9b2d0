using System.Net.Security;
using System.Net.Sockets;

namespace GitGateway.Soak;

/// <summary>
/// A proxy node as the load sees it, like a load balancer would: up or down (down from the moment it is killed
/// until it is ready again), a generation counted up at each kill (a request that fails after its node's
/// generation moved was in flight on the killed node), and a client whose connections belong to one generation.
/// </summary>
internal sealed class NodeTarget(string name, int httpsPort, int adminPort)
{
    private volatile HttpClient _client = Client(httpsPort);
    private int _generation;

    public string Name { get; } = name;

    public int AdminPort { get; } = adminPort;

    public volatile bool Up;

    public int Generation => Volatile.Read(ref _generation);

    public HttpClient Client() => _client;

    /// <summary>Marks the node down before it is killed.</summary>
    public void Down()
    {
        Up = false;
        Interlocked.Increment(ref _generation);
    }

    /// <summary>Back up after a restart, with fresh connections.</summary>
    public void Restarted()
    {
        var old = _client;
        _client = Client(httpsPort);
        old.Dispose();
        Up = true;
    }

    private static HttpClient Client(int port) => new(new SocketsHttpHandler
    {
        ConnectCallback = async (_, ct) =>
        {
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync("127.0.0.1", port, ct);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
        SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = (_, _, _, _) => true },
        MaxConnectionsPerServer = 64,
    })
    { Timeout = TimeSpan.FromSeconds(10) };
}
