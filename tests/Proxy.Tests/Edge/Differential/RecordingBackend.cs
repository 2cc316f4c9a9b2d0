using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using GitGateway.Proxy.Tests.Support;

namespace GitGateway.Proxy.Tests.Edge.Differential;

/// <summary>
/// The backend both proxies of a differential case stand in front of: a raw TCP listener that keeps every byte it
/// received, per connection, and counts the requests in them. A request is a head up to CRLFCRLF and the body its
/// Content-Length or chunked framing says; each one is answered by <c>answer(n)</c> (n counts from 0 over the
/// backend's life), and a connection is closed after the answer when it says so or the request asked for it (HTTP/1.0 or
/// <c>Connection: close</c>). What it could not frame stays in <see cref="Received"/> and is not counted.
/// </summary>
internal sealed class RecordingBackend : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Func<int, RawAnswer> _answer;
    private readonly ConcurrentQueue<MemoryStream> _connections = new();
    private readonly ConcurrentQueue<string> _heads = new();
    private readonly Task _loop;
    private int _requests;

    public RecordingBackend(Func<int, RawAnswer> answer)
    {
        _answer = answer;
        _listener.Start();
        _loop = AcceptLoop.RunAsync(_listener, socket => _ = ServeAsync(socket, _stop.Token), _stop.Token);
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public string Authority => $"127.0.0.1:{Port}";

    public int Requests => Volatile.Read(ref _requests);

    /// <summary>The request heads framed, in the order they were read.</summary>
    public IReadOnlyList<string> Heads => [.. _heads];

    /// <summary>Every byte received, one string (Latin-1) per connection.</summary>
    public IReadOnlyList<string> Received => [.. _connections.Select(c => { lock (c) { return Encoding.Latin1.GetString(c.ToArray()); } })];

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _loop;
        _stop.Dispose();
    }

    private async Task ServeAsync(Socket socket, CancellationToken token)
    {
        var record = new MemoryStream();
        _connections.Enqueue(record);
        var pending = new List<byte>();
        var buffer = new byte[16 * 1024];
        using (socket)
        {
            try
            {
                int read;
                while ((read = await socket.ReceiveAsync(buffer, token)) > 0)
                {
                    lock (record)
                    {
                        record.Write(buffer, 0, read);
                    }

                    pending.AddRange(buffer.AsSpan(0, read));
                    if (await AnswerFramedAsync(socket, pending, token))
                    {
                        socket.Shutdown(SocketShutdown.Both);
                        return;
                    }
                }
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                // the peer reset the connection, or the test ended
            }
        }
    }

    /// <summary>Answers every complete request in <paramref name="pending"/> and removes it; true when the connection is to close.</summary>
    private async Task<bool> AnswerFramedAsync(Socket socket, List<byte> pending, CancellationToken token)
    {
        while (RequestFraming.Measure(pending) is { } framed)
        {
            var head = Encoding.Latin1.GetString([.. pending.GetRange(0, framed.HeadLength)]);
            pending.RemoveRange(0, framed.TotalLength);
            _heads.Enqueue(head);
            var n = Interlocked.Increment(ref _requests) - 1;
            var answer = _answer(n);
            await socket.SendAsync(Encoding.Latin1.GetBytes(answer.Text), token);
            if (answer.Close || RequestFraming.AsksToClose(head))
            {
                return true;
            }
        }

        return false;
    }
}
