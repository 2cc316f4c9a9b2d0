using System.Net.Sockets;
using GitGateway.Vip.Bgp;

namespace GitGateway.Vip.Tests.Peers;

/// <summary>One accepted connection of a <see cref="RawBgpPeer"/>.</summary>
internal sealed class RawConnection : IDisposable
{
    private readonly TcpClient _client;
    private readonly NetworkStream _stream;

    public RawConnection(TcpClient client)
    {
        _client = client;
        _stream = client.GetStream();
    }

    public Task SendAsync(byte[] bytes, CancellationToken cancellationToken) => _stream.WriteAsync(bytes, cancellationToken).AsTask();

    /// <summary>The next message from the speaker, or null when the connection closed or nothing came in time.</summary>
    public async Task<BgpMessage?> ReadAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            var header = new byte[19];
            await _stream.ReadExactlyAsync(header, limit.Token);
            var message = new byte[BgpCodec.ReadHeader(header)];
            header.CopyTo(message, 0);
            await _stream.ReadExactlyAsync(message.AsMemory(19), limit.Token);
            return BgpCodec.Decode(message);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException)
        {
            return null;
        }
    }

    /// <summary>Reads until a NOTIFICATION arrives (returned) or nothing more comes in time (null).</summary>
    public async Task<NotificationMessage?> ReadNotificationAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        while (await ReadAsync(timeout, cancellationToken) is { } message)
        {
            if (message is NotificationMessage notification)
            {
                return notification;
            }
        }

        return null;
    }

    public void Dispose()
    {
        _stream.Dispose();
        _client.Dispose();
    }
}
