using System.Globalization;
using System.Net.Sockets;

namespace GitGateway.Vip.Bgp;

/// <summary>
/// Reads and writes whole messages on one TCP connection. The hold timer bounds every read (RFC 4271 §4.4), the send
/// hold timer every write (RFC 9687): a peer that stops reading cannot keep a session up on a full send buffer.
/// </summary>
internal sealed class BgpStream : IAsyncDisposable
{
    // RFC 9687 §3: the larger of 8 minutes and twice the hold time.
    private static readonly TimeSpan MinimumSendHoldTime = TimeSpan.FromMinutes(8);
    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly TimeProvider _time;
    private readonly TimeSpan? _configuredSendHoldTime;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly byte[] _header = new byte[BgpCodec.HeaderLength];
    private volatile bool _broken;

    public BgpStream(Socket socket, TimeProvider time, TimeSpan? sendHoldTime = null)
    {
        socket.NoDelay = true;
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: true);
        _time = time;
        _configuredSendHoldTime = sendHoldTime;
    }

    public bool FourOctetAs { get; set; } = true;

    /// <summary>The negotiated hold time, from which the default send hold time follows.</summary>
    public TimeSpan HoldTime { get; set; }

    /// <summary>How long one message may take to hand to the kernel before the send hold timer expires.</summary>
    public TimeSpan SendHoldTime => _configuredSendHoldTime ?? (HoldTime * 2 > MinimumSendHoldTime ? HoldTime * 2 : MinimumSendHoldTime);

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

    /// <summary>
    /// Writes one message. When the kernel cannot take all of it within the send hold time (the peer's window stays shut), the
    /// stream is broken: no NOTIFICATION can follow a half-written message, and the socket is reset on close so its
    /// queued bytes are freed at once (RFC 9687 §4).
    /// </summary>
    public async Task WriteAsync(BgpMessage message, CancellationToken cancellationToken)
    {
        var bytes = BgpCodec.Encode(message, FourOctetAs);
        await _writeLock.WaitAsync(cancellationToken);
        var sendHold = SendHoldTime;
        using var timer = new CancellationTokenSource(sendHold, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timer.Token);
        try
        {
            await _stream.WriteAsync(bytes, linked.Token);
        }
        catch (OperationCanceledException) when (timer.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            _broken = true;
            _socket.LingerState = new LingerOption(true, 0);
            throw new BgpProtocolException(BgpError.SendHoldTimerExpired, 0, string.Create(CultureInfo.InvariantCulture, $"send hold timer expired: the peer read nothing for {sendHold.TotalSeconds:0.#} s"));
        }
        catch (OperationCanceledException)
        {
            _broken = true; // stopped mid-message: what the peer got is no longer a message boundary
            throw;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>Sends a NOTIFICATION before closing, bounded so a stuck peer cannot hold the session (RFC 4271 §6).</summary>
    public async Task TryNotifyAsync(NotificationMessage notification)
    {
        if (_broken)
        {
            return;
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1), _time);
        try
        {
            await WriteAsync(notification, timeout.Token);
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException or BgpProtocolException)
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
