using System.Net.Sockets;

namespace GitGateway.Vip.Bgp;

/// <summary>Reads and writes whole messages on one TCP connection; the hold timer bounds every read (RFC 4271 §4.4).</summary>
internal sealed class BgpStream : IAsyncDisposable
{
    private readonly NetworkStream _stream;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly byte[] _header = new byte[BgpCodec.HeaderLength];

    public BgpStream(Socket socket, TimeProvider time)
    {
        socket.NoDelay = true;
        _stream = new NetworkStream(socket, ownsSocket: true);
        _time = time;
    }

    public bool FourOctetAs { get; set; } = true;

    /// <summary>Reads one message; a hold time of zero waits without bound (RFC 4271 §4.2).</summary>
    public async Task<BgpMessage> ReadAsync(TimeSpan holdTime, CancellationToken cancellationToken)
    {
        using var hold = holdTime > TimeSpan.Zero ? new CancellationTokenSource(holdTime, _time) : new CancellationTokenSource();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, hold.Token);
        try
        {
            await _stream.ReadExactlyAsync(_header, linked.Token);
            var length = BgpCodec.ReadHeader(_header);
            var message = new byte[length];
            _header.CopyTo(message, 0);
            await _stream.ReadExactlyAsync(message.AsMemory(BgpCodec.HeaderLength), linked.Token);
            return BgpCodec.Decode(message, FourOctetAs);
        }
        catch (OperationCanceledException) when (hold.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new BgpProtocolException(BgpError.HoldTimerExpired, 0, "hold timer expired");
        }
    }

    public async Task WriteAsync(BgpMessage message, CancellationToken cancellationToken)
    {
        var bytes = BgpCodec.Encode(message, FourOctetAs);
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            await _stream.WriteAsync(bytes, cancellationToken);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>Sends a NOTIFICATION before closing, bounded so a stuck peer cannot hold the session (RFC 4271 §6).</summary>
    public async Task TryNotifyAsync(NotificationMessage notification)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1), _time);
        try
        {
            await WriteAsync(notification, timeout.Token);
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // the connection is going away either way
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stream.DisposeAsync();
        _writeLock.Dispose();
    }
}
