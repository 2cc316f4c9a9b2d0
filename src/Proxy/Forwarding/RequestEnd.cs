using System.Runtime.CompilerServices;
using System.Threading.Tasks.Sources;

namespace GitGateway.Proxy.Forwarding;

/// <summary>
/// The end of a request whose entry answers after the request delegate has returned: once the entry's result is in, the
/// request is recorded (<see cref="ProxyRequestHandler.Record"/>) and the task Kestrel awaits completes. Kept per HTTP/1.x
/// client connection or HTTP/2 stream (<see cref="SequentialState"/>) instead of the request delegate's async state
/// machine allocated per request; what is left per request is the task itself, the smallest Kestrel can await.
/// </summary>
/// <remarks>
/// Its step runs without the request's execution context (<c>UnsafeOnCompleted</c>), as <see cref="ForwardTry"/>'s do:
/// recording reads no async-local, and Kestrel's own await restores its context.
/// </remarks>
internal sealed class RequestEnd : IValueTaskSource
{
    private static readonly object Key = new();

    private readonly Action _served;
    private ManualResetValueTaskSourceCore<bool> _core;
    private ProxyRequestHandler? _handler;
    private HttpContext? _context;
    private string _route = "";
    private long _started;
    private ConfiguredValueTaskAwaitable<EntryResult>.ConfiguredValueTaskAwaiter _serving;

    private RequestEnd() => _served = Served;

    /// <summary>The HTTP/1.x client connection's own or the HTTP/2 stream's own; null where requests may overlap.</summary>
    public static RequestEnd? Of(HttpContext context) => SequentialState.Of(context, Key, static () => new RequestEnd());

    /// <summary>The task that completes, the request recorded, once <paramref name="serving"/> has; faulted as it is.</summary>
    public Task AwaitAsync(ProxyRequestHandler handler, HttpContext context, string route, long started, ValueTask<EntryResult> serving)
    {
        _core.Reset();
        (_handler, _context, _route, _started) = (handler, context, route, started);
        var version = _core.Version;
        _serving = serving.ConfigureAwait(false).GetAwaiter();
        if (_serving.IsCompleted)
        {
            Served();
        }
        else
        {
            _serving.UnsafeOnCompleted(_served);
        }

        return new ValueTask(this, version).AsTask();
    }

    public void GetResult(short token) => _core.GetResult(token);

    public ValueTaskSourceStatus GetStatus(short token) => _core.GetStatus(token);

    public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _core.OnCompleted(continuation, state, token, flags);

    private void Served()
    {
        var result = default(EntryResult);
        Exception? failed = null;
        try
        {
            result = _serving.GetResult();
        }
        catch (Exception e)
        {
            failed = e;
        }

        _serving = default;
        var (handler, context, route, started) = (_handler!, _context!, _route, _started);
        (_handler, _context, _route) = (null, null, "");
        try
        {
            handler.Record(context, route, started, result);
        }
        catch (Exception e)
        {
            failed ??= e;
        }

        // Last: Kestrel may go on to the connection's (the stream's) next request inside this call.
        if (failed is null)
        {
            _core.SetResult(true);
        }
        else
        {
            _core.SetException(failed);
        }
    }
}
