using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Threading.Tasks.Sources;

namespace GitGateway.Proxy.Forwarding.Http1;

/// <summary>
/// One request on one pooled connection, from the head's send to the parsed response head, carried by an object the
/// connection keeps (it serves one exchange at a time) instead of an async method's state machine allocated per
/// request while the backend answers. Does what <see cref="Http1Upstream"/> describes: the body goes out while the
/// answer is awaited, a stale kept-alive connection sends a request without a body once more on a new connection, and
/// a failure is reported as <see cref="Http1Upstream.Failed"/> maps it.
/// </summary>
/// <remarks>
/// Its steps after an await run without the request's execution context (<c>UnsafeOnCompleted</c>), as
/// <see cref="ForwardTry"/>'s do: nothing here reads an async-local, and the awaiting caller restores its own context.
/// </remarks>
internal sealed class Http1Exchange(Http1Connection connection) : IValueTaskSource<UpstreamResponse>, IDisposable
{
    private readonly Http1HeadBuilder _head = new();
    private Action? _headSent;
    private Action? _received;
    private Action? _retried;
    private ManualResetValueTaskSourceCore<UpstreamResponse> _core;
    private Http1Upstream? _upstream;
    private HttpContext? _context;
    private UpstreamTarget _target;
    private Stream? _body;
    private bool _headWasSent;
    private StrongBox<BadHttpRequestException?>? _badBody;
    private Task<bool>? _sending;
    private Http1Response? _response;
    private CancellationToken _token;
    private ConfiguredValueTaskAwaitable.ConfiguredValueTaskAwaiter _send;
    private ConfiguredValueTaskAwaitable<int>.ConfiguredValueTaskAwaiter _receive;
    private ConfiguredValueTaskAwaitable<UpstreamResponse>.ConfiguredValueTaskAwaiter _retry;

    /// <summary>Sends the request on the connection; the answer is the response once its head is read.</summary>
    public ValueTask<UpstreamResponse> StartAsync(Http1Upstream upstream, HttpContext context, in UpstreamTarget target, Stream? body, CancellationToken token)
    {
        try
        {
            _head.Clear();
            Http1RequestWriter.Write(context, target, body is not null && context.Request.ContentLength is null, _head);
        }
        catch (Exception e)
        {
            upstream.Release(connection);
            return ValueTask.FromException<UpstreamResponse>(e);
        }

        _core.Reset();
        (_upstream, _context, _target, _body, _token, _headWasSent) = (upstream, context, target, body, token, false);
        _badBody = body is null ? null : new StrongBox<BadHttpRequestException?>();
        var version = _core.Version;
        try
        {
            _send = connection.SendAsync(_head.Written, token).ConfigureAwait(false).GetAwaiter();
        }
        catch (Exception e)
        {
            Fail(e);
            return new ValueTask<UpstreamResponse>(this, version);
        }

        if (_send.IsCompleted)
        {
            HeadSent();
        }
        else
        {
            _send.UnsafeOnCompleted(_headSent ??= HeadSent);
        }

        return new ValueTask<UpstreamResponse>(this, version);
    }

    public UpstreamResponse GetResult(short token) => _core.GetResult(token);

    public ValueTaskSourceStatus GetStatus(short token) => _core.GetStatus(token);

    public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _core.OnCompleted(continuation, state, token, flags);

    public void Dispose() => _head.Dispose();

    private void HeadSent()
    {
        try
        {
            _send.GetResult();
        }
        catch (Exception e)
        {
            _send = default;
            Fail(e);
            return;
        }

        _send = default;
        _headWasSent = true;
        // The body goes out while the answer is awaited, as HttpClient does: a backend may answer before it has read
        // the whole body (413), or stream its answer while it reads (a duplex exchange).
        _sending = _body is null ? null : Http1Upstream.SendBodyAsync(connection, _body, _context!.Request.ContentLength is null, _badBody!, _token);
        ReadHead();
    }

    private void Received() => ReadHead(afterReceive: true);

    /// <summary>Parses what is buffered and receives more until the final head is whole or the backend closed.</summary>
    private void ReadHead(bool afterReceive = false)
    {
        Exception? failed = null;
        var open = true;
        try
        {
            open = !afterReceive || Commit();
            while (open && !Http1Upstream.HeadRead(connection, HttpMethods.IsHead(_context!.Request.Method)))
            {
                _receive = connection.ReceiveAsync(2 * Http1HeadParser.MaxHeadBytes, _token).ConfigureAwait(false).GetAwaiter();
                if (!_receive.IsCompleted)
                {
                    _receive.UnsafeOnCompleted(_received ??= Received);
                    return;
                }

                open = Commit();
            }
        }
        catch (Exception e)
        {
            failed = e;
        }

        _receive = default;
        if (failed is not null)
        {
            Fail(failed);
        }
        else if (open)
        {
            Succeed();
        }
        else
        {
            Closed();
        }
    }

    /// <summary>The backend closed before the head was whole: a stale kept-alive connection, or a lost answer.</summary>
    private void Closed()
    {
        if (Http1Upstream.Stale(connection, _body, _token))
        {
            Retry();
            return;
        }

        var what = connection.End > 0 ? "in the middle of the response head" : "before answering";
        Fail(new IOException("the backend closed the connection " + what));
    }

    /// <summary>Adds what the receive gave to the buffered bytes; false when the backend closed.</summary>
    private bool Commit()
    {
        var received = _receive.GetResult();
        _receive = default;
        return connection.Commit(received) > 0;
    }

    /// <summary>
    /// Ends the exchange with a failure: a socket error on a stale kept-alive connection before the head went out sends
    /// the request once more on a new connection; any other socket failure is <see cref="Http1Upstream.Failed"/>.
    /// </summary>
    private void Fail(Exception e)
    {
        if (e is SocketException && !_headWasSent && Http1Upstream.Stale(connection, _body, _token))
        {
            Retry();
            return;
        }

        var reported = e is IOException or SocketException or ObjectDisposedException ? Http1Upstream.Failed(e, _badBody, _token) : e;
        connection.Dispose(); // after the body sender's verdict was read: closing the connection ends its send
        Clear();
        _core.SetException(reported);
    }

    private void Succeed()
    {
        var response = (_response ??= new Http1Response(_upstream!.Pool, connection)).Begin(_sending);
        Clear();
        _core.SetResult(response); // last: the caller may relay the answer and give the connection back inside this call
    }

    /// <summary>The request once more on a new connection (whose own exchange reports its result), this one closed.</summary>
    private void Retry()
    {
        connection.Dispose();
        try
        {
            _retry = _upstream!.SendOnNewAsync(_context!, connection.Endpoint, _target, _body, _token).ConfigureAwait(false).GetAwaiter();
        }
        catch (Exception e)
        {
            Clear();
            _core.SetException(e);
            return;
        }

        if (_retry.IsCompleted)
        {
            Retried();
        }
        else
        {
            _retry.UnsafeOnCompleted(_retried ??= Retried);
        }
    }

    private void Retried()
    {
        UpstreamResponse response;
        try
        {
            response = _retry.GetResult();
        }
        catch (Exception e)
        {
            Clear();
            _core.SetException(e);
            return;
        }

        Clear();
        _core.SetResult(response);
    }

    private void Clear() =>
        (_upstream, _context, _target, _body, _badBody, _sending, _retry, _token) = (null, null, default, null, null, null, default, default);
}
