using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace GitGateway.Proxy.Tests.Support;

/// <summary>
/// An HTTP/1.1 backend written on a raw socket, so a test controls every byte of the answer: each request head
/// (and a Content-Length body) is handed to <c>answer</c>, whose text is sent as is; the connection is then kept for
/// the next request for at most <c>idle</c>, and closed after that, or at once when the answer says so. Without
/// <c>readBodies</c> it answers as soon as the head is in and reads nothing more (a server refusing a body).
/// <see cref="CloseIdleAsync"/> closes every idle connection on the test's word, so a test can put a closed
/// connection in the proxy's pool without racing a timer.
/// </summary>
internal sealed class RawHttpBackend : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Func<string, RawAnswer> _answer;
    private readonly TimeSpan _idle;
    private readonly bool _readBodies;
    private readonly Task _loop;
    private readonly ConcurrentDictionary<Socket, CancellationTokenSource> _waiting = new(); // idle, awaiting a request
    private int _requests;
    private int _connections;
    private int _open;

    public RawHttpBackend(Func<string, RawAnswer> answer, TimeSpan idle, bool readBodies = true)
    {
        _answer = answer;
        _idle = idle;
        _readBodies = readBodies;
        _listener.Start();
        _loop = AcceptLoop.RunAsync(_listener, socket => Accepted(socket, _stop.Token), _stop.Token);
    }

    public string Authority => $"127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    public int Requests => Volatile.Read(ref _requests);

    public int Connections => Volatile.Read(ref _connections);

    /// <summary>Waits until every open connection is idle (its answer sent, no request begun), closes them all cleanly, and returns once they are closed.</summary>
    public async Task CloseIdleAsync(CancellationToken cancellationToken)
    {
        while (_waiting.Count < Volatile.Read(ref _open))
        {
            await Task.Delay(5, cancellationToken);
        }

        foreach (var idle in _waiting.Values)
        {
            await idle.CancelAsync();
        }

        while (Volatile.Read(ref _open) > 0)
        {
            await Task.Delay(5, cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _loop;
        _stop.Dispose();
    }

    private void Accepted(Socket socket, CancellationToken token)
    {
        Interlocked.Increment(ref _connections);
        Interlocked.Increment(ref _open);
        _ = ServeAsync(socket, token);
    }

    private async Task ServeAsync(Socket socket, CancellationToken token)
    {
        try
        {
            await ExchangeAsync(socket, token);
        }
        finally
        {
            socket.Dispose();
            Interlocked.Decrement(ref _open);
        }
    }

    private async Task ExchangeAsync(Socket socket, CancellationToken token)
    {
        var buffer = new byte[64 * 1024];
        var filled = 0;
        try
        {
            while (true)
            {
                using var idle = CancellationTokenSource.CreateLinkedTokenSource(token);
                idle.CancelAfter(_idle);
                int end;
                while ((end = buffer.AsSpan(0, filled).IndexOf("\r\n\r\n"u8)) < 0)
                {
                    if (filled == 0)
                    {
                        _waiting[socket] = idle;
                    }

                    var read = await socket.ReceiveAsync(buffer.AsMemory(filled), idle.Token);
                    _waiting.TryRemove(socket, out var _);
                    if (read == 0)
                    {
                        return;
                    }

                    filled += read;
                }

                var head = Encoding.Latin1.GetString(buffer, 0, end + 4);
                if (!_readBodies)
                {
                    Interlocked.Increment(ref _requests);
                    await socket.SendAsync(Encoding.Latin1.GetBytes(_answer(head).Text), token);
                    await Task.Delay(_idle, token);
                    return;
                }

                var length = ContentLength(head);
                while (filled < end + 4 + length)
                {
                    filled += await socket.ReceiveAsync(buffer.AsMemory(filled), token);
                }

                buffer.AsSpan(end + 4 + length, filled - end - 4 - length).CopyTo(buffer);
                filled -= end + 4 + length;
                Interlocked.Increment(ref _requests);
                var answer = _answer(head);
                await socket.SendAsync(Encoding.Latin1.GetBytes(answer.Text), token);
                if (answer.Reset)
                {
                    socket.LingerState = new LingerOption(true, 0);
                    return;
                }

                if (answer.Close)
                {
                    socket.Shutdown(SocketShutdown.Both);
                    return;
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException)
        {
            // idle timeout or CloseIdleAsync (the connection closes cleanly), or the test ended
        }
        finally
        {
            _waiting.TryRemove(socket, out var _);
        }
    }

    private static int ContentLength(string head)
    {
        foreach (var line in head.Split("\r\n"))
        {
            if (line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
            {
                return int.Parse(line.AsSpan(15).Trim(), System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        return 0;
    }
}
