using System.Buffers;
using System.Net.Sockets;
using System.Runtime.CompilerServices;

namespace GitGateway.Proxy.Forwarding.Http1;

/// <summary>
/// Sends a request to an HTTP/1.1 backend over a pooled keep-alive connection: the head written in one buffer
/// straight from the client's headers, the body streamed (as sent, or chunked when it has no length), and the
/// response head parsed in place. Failures are reported as the HttpClient path reports them, so the forwarder maps
/// them alike: <see cref="HttpRequestException"/> with a <see cref="SocketException"/> inside for a refused
/// connection (503 connect), with an <see cref="IOException"/> inside for a connection lost before the answer
/// (503 reset), and <see cref="HttpRequestError.InvalidResponse"/> for a head that is not HTTP/1.x (502). A client
/// body that cannot be read (a bad chunk) is the client's error, thrown as a <see cref="BadHttpRequestException"/>
/// (Kestrel's own, or a 400 around what Kestrel threw), not as a lost backend.
/// </summary>
/// <remarks>
/// A server may close an idle keep-alive connection just as a request is sent on it (RFC 9112 §9.3.1). A request
/// without a body whose head cannot be sent on a reused connection, or that is answered by a clean close before any
/// byte, is therefore sent once more on a new connection, as HttpClient does. A connection reset after the request
/// is an answer (the server saw the request) and goes to the route's retry policy instead, whose attempt count
/// stays exact (conformance HTTPRouteRetryConnectionError). To make that race rare, every idle connection is checked
/// before reuse (the first attempt of its answer's receive) and none is reused after the HTTP/1.1 idle bound
/// (<see cref="Http1ConnectionPool"/>).
/// </remarks>
internal sealed class Http1Upstream(Http1ConnectionPool pool)
{
    private const int ChunkSize = 16 * 1024;
    private const int ChunkPrefix = 8; // up to 4 hex digits and CRLF for a chunk of at most 16 KiB
    private static readonly byte[] LastChunk = "0\r\n\r\n"u8.ToArray();

    /// <summary>Whether this path serves the request: HTTP/1.1 backends, no protocol switch.</summary>
    public static bool Serves(in UpstreamTarget target) => !target.Http2 && target.Upgrade is null;

    internal Http1ConnectionPool Pool => pool;

    /// <summary>
    /// The exchange runs on the connection's own <see cref="Http1Exchange"/>, so a request on a kept-alive connection
    /// allocates no state machine while the backend answers (bench/proxy/README.md); only a new connection's wait does.
    /// </summary>
    public ValueTask<UpstreamResponse> SendAsync(HttpContext context, string endpoint, UpstreamTarget target, Stream? body, CancellationToken cancellationToken) =>
        pool.TryTakeIdle(endpoint) is { } connection
            ? connection.Exchange.StartAsync(this, context, target, body, cancellationToken)
            : SendOnNewAsync(context, endpoint, target, body, cancellationToken);

    /// <summary>The request on a new connection: there when none is idle, and for a request a stale connection lost.</summary>
    internal async ValueTask<UpstreamResponse> SendOnNewAsync(HttpContext context, string endpoint, UpstreamTarget target, Stream? body, CancellationToken cancellationToken)
    {
        var connection = await ConnectAsync(endpoint, cancellationToken);
        return await connection.Exchange.StartAsync(this, context, target, body, cancellationToken);
    }

    /// <summary>A connection whose request could not be written: back to the pool if it was idle there, else closed.</summary>
    internal void Release(Http1Connection connection)
    {
        if (connection.Reused)
        {
            pool.Return(connection);
        }
        else
        {
            connection.Dispose();
        }
    }

    /// <summary>
    /// A reused connection that the server had closed: sending the head failed, or the answer was a clean close
    /// (a connection reset after the request is the server's answer and is not retried), for a request without a body.
    /// </summary>
    internal static bool Stale(Http1Connection connection, Stream? body, CancellationToken cancellationToken) =>
        body is null && connection.Reused && connection.End == 0 && !cancellationToken.IsCancellationRequested;

    /// <summary>The client's bad body when that is why the exchange failed (the body sender closed the connection), else <see cref="Lost"/>.</summary>
    internal static Exception Failed(Exception e, StrongBox<BadHttpRequestException?>? badBody, CancellationToken cancellationToken) =>
        (cancellationToken.IsCancellationRequested || badBody is null ? null : Volatile.Read(ref badBody.Value)) ?? Lost(e, cancellationToken);

    private static Exception Lost(Exception e, CancellationToken cancellationToken) => cancellationToken.IsCancellationRequested
        ? new OperationCanceledException(cancellationToken)
        : new HttpRequestException(HttpRequestError.ResponseEnded, "the backend connection failed before the response", e as IOException ?? new IOException(e.Message, e));

    private async Task<Http1Connection> ConnectAsync(string endpoint, CancellationToken cancellationToken)
    {
        try
        {
            return await pool.ConnectAsync(endpoint, cancellationToken);
        }
        catch (SocketException e)
        {
            throw new HttpRequestException(HttpRequestError.ConnectionError, $"cannot connect to {endpoint}", e);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new HttpRequestException(HttpRequestError.ConnectionError, $"connecting to {endpoint} timed out", new SocketException((int)SocketError.TimedOut));
        }
    }

    /// <summary>Whether the buffered bytes hold the final response head; throws for a head that is not HTTP/1.x.</summary>
    internal static bool HeadRead(Http1Connection connection, bool headRequest)
    {
        while (true)
        {
            switch (Http1HeadParser.Parse(connection.Buffered, headRequest, connection.Head))
            {
                case OperationStatus.Done when connection.Head.Status == StatusCodes.Status101SwitchingProtocols:
                    throw new HttpRequestException(HttpRequestError.InvalidResponse, "the backend switched protocols unasked");
                case OperationStatus.Done when connection.Head.Status < 200:
                    connection.Start += connection.Head.Length; // 100 Continue, 103 Early Hints: not relayed
                    continue;
                case OperationStatus.Done:
                    return true;
                case OperationStatus.InvalidData:
                    throw new HttpRequestException(HttpRequestError.InvalidResponse, "the backend's response head is malformed or too large");
                default:
                    return false;
            }
        }
    }

    /// <summary>
    /// Sends the body; true once it is all sent. A body that cannot be sent (the client went away or sent a bad body,
    /// the backend closed) closes the connection, which ends the wait for an answer that will not come; a body the
    /// client's side failed to read is kept in <paramref name="badBody"/> first, so the wait ends knowing it.
    /// </summary>
    internal static async Task<bool> SendBodyAsync(Http1Connection connection, Stream body, bool chunked, StrongBox<BadHttpRequestException?> badBody, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(ChunkPrefix + ChunkSize + 2);
        var reading = true;
        try
        {
            int read;
            while ((read = await body.ReadAsync(buffer.AsMemory(ChunkPrefix, ChunkSize), cancellationToken)) > 0)
            {
                reading = false;
                await connection.SendAsync(chunked ? Frame(buffer, read) : buffer.AsMemory(ChunkPrefix, read), cancellationToken);
                reading = true;
            }

            reading = false;
            if (chunked)
            {
                await connection.SendAsync(LastChunk, cancellationToken);
            }

            return true;
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException or InvalidOperationException)
        {
            if (reading && e is not OperationCanceledException)
            {
                Volatile.Write(ref badBody.Value, ClientBodyError.From(e));
            }

            connection.Abort();
            return false;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Frames <paramref name="length"/> bytes at <see cref="ChunkPrefix"/> as one chunk in place.</summary>
    private static ReadOnlyMemory<byte> Frame(byte[] buffer, int length)
    {
        Span<byte> size = stackalloc byte[8];
        length.TryFormat(size, out var digits, "x", System.Globalization.CultureInfo.InvariantCulture);
        var start = ChunkPrefix - digits - 2;
        size[..digits].CopyTo(buffer.AsSpan(start));
        buffer[ChunkPrefix - 2] = (byte)'\r';
        buffer[ChunkPrefix - 1] = (byte)'\n';
        buffer[ChunkPrefix + length] = (byte)'\r';
        buffer[ChunkPrefix + length + 1] = (byte)'\n';
        return buffer.AsMemory(start, digits + 2 + length + 2);
    }
}
