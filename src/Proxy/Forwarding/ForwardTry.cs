using System.Runtime.CompilerServices;
using System.Threading.Tasks.Sources;
using GitGateway.Proxy.Filters;
using GitGateway.Proxy.Routing;
using GitGateway.Proxy.Upstream;

namespace GitGateway.Proxy.Forwarding;

/// <summary>
/// The one try of a rule without timeouts or retries (the common case), carried from the send to the relayed answer
/// by one object per HTTP/1.x client connection or HTTP/2 stream instead of an async method's state machine allocated
/// per request: a connection (a stream) serves one request at a time, and the request delegate has taken the previous
/// result before the next request starts. Does what <see cref="HttpForwarder"/>'s own try does for such a rule, step for step: the endpoint
/// pick held until the answer is relayed, the same failures (<see cref="HttpForwarder.Failure"/>), the same relay.
/// </summary>
/// <remarks>
/// Its steps after the send run without the request's execution context (<c>UnsafeOnCompleted</c>: flowing it costs a
/// continuation object per request); nothing on the relay path reads an async-local, and the request delegate's own
/// await restores its context when the try ends.
/// </remarks>
internal sealed class ForwardTry : IValueTaskSource<EntryResult>
{
    private static readonly object Key = new();

    private readonly Action _sent;
    private readonly Action _relayed;
    private ManualResetValueTaskSourceCore<EntryResult> _core;
    private HttpForwarder? _forwarder;
    private HttpContext? _context;
    private CompiledBackend? _backend;
    private UpstreamTarget _target;
    private EndpointPick _pick;
    private ResponseShaper? _onResponse;
    private UpstreamResponse? _response;
    private ConfiguredValueTaskAwaitable<UpstreamResponse>.ConfiguredValueTaskAwaiter _sending;
    private ConfiguredValueTaskAwaitable<ForwardOutcome>.ConfiguredValueTaskAwaiter _relaying;

    private ForwardTry()
    {
        _sent = Sent;
        _relayed = Relayed;
    }

    /// <summary>The HTTP/1.x client connection's own or the HTTP/2 stream's own (<see cref="SequentialState"/>); null where requests may overlap.</summary>
    public static ForwardTry? Of(HttpContext context) => SequentialState.Of(context, Key, static () => new ForwardTry());

    public ValueTask<EntryResult> StartAsync(HttpForwarder forwarder, HttpContext context, CompiledBackend backend, UpstreamTarget target, Stream? body, ResponseShaper onResponse)
    {
        _core.Reset();
        (_forwarder, _context, _backend, _onResponse) = (forwarder, context, backend, onResponse);
        _pick = backend.Endpoints!.Pick();
        _target = target with { Origin = _pick.Origin };
        ValueTask<UpstreamResponse> sending;
        try
        {
            sending = forwarder.SendAsync(context, backend.Tls, _pick.Authority, _target, body, context.RequestAborted);
        }
        catch (Exception e)
        {
            sending = ValueTask.FromException<UpstreamResponse>(e);
        }

        var version = _core.Version;
        _sending = sending.ConfigureAwait(false).GetAwaiter();
        if (_sending.IsCompleted)
        {
            Sent();
        }
        else
        {
            _sending.UnsafeOnCompleted(_sent);
        }

        return new ValueTask<EntryResult>(this, version);
    }

    public EntryResult GetResult(short token) => _core.GetResult(token);

    public ValueTaskSourceStatus GetStatus(short token) => _core.GetStatus(token);

    public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _core.OnCompleted(continuation, state, token, flags);

    private void Sent()
    {
        var context = _context!;
        try
        {
            _response = _sending.GetResult();
        }
        catch (Exception e)
        {
            _sending = default;
            if (HttpForwarder.IsFailure(e))
            {
                Finish(HttpForwarder.Failure(context, e, _pick.Authority, null, context.RequestAborted));
            }
            else
            {
                Fail(e);
            }

            return;
        }

        _sending = default;
        ValueTask<ForwardOutcome> relaying;
        try
        {
            relaying = _forwarder!.RelayAsync(context, _response, _target, _pick.Authority, context.RequestAborted, _onResponse!);
        }
        catch (Exception e)
        {
            relaying = ValueTask.FromException<ForwardOutcome>(e);
        }

        _relaying = relaying.ConfigureAwait(false).GetAwaiter();
        if (_relaying.IsCompleted)
        {
            Relayed();
        }
        else
        {
            _relaying.UnsafeOnCompleted(_relayed);
        }
    }

    private void Relayed()
    {
        ForwardOutcome outcome;
        try
        {
            outcome = _relaying.GetResult();
        }
        catch (Exception e)
        {
            _relaying = default;
            _response!.Dispose();
            Fail(e);
            return;
        }

        _relaying = default;
        _response!.Dispose();
        Finish(outcome);
    }

    /// <summary>Ends the try; the last step, since the request delegate may go on to the next request inside it.</summary>
    private void Finish(ForwardOutcome outcome)
    {
        var result = HttpForwarder.Named(_backend!, outcome);
        Clear();
        _core.SetResult(result);
    }

    private void Fail(Exception e)
    {
        Clear();
        _core.SetException(e);
    }

    private void Clear()
    {
        _pick.Dispose();
        (_forwarder, _context, _backend, _onResponse, _response, _pick, _target) = (null, null, null, null, null, default, default);
    }
}
