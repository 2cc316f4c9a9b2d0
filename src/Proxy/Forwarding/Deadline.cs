namespace GitGateway.Proxy.Forwarding;

/// <summary>A token cancelled by an outer token or after a delay measured on the injected clock.</summary>
internal sealed class Deadline : IDisposable
{
    private readonly CancellationTokenSource _timer;
    private readonly CancellationTokenSource _linked;

    public Deadline(CancellationToken outer, long milliseconds, TimeProvider time)
    {
        _timer = new CancellationTokenSource(TimeSpan.FromMilliseconds(Math.Max(1, milliseconds)), time);
        _linked = CancellationTokenSource.CreateLinkedTokenSource(outer, _timer.Token);
    }

    public CancellationToken Token => _linked.Token;

    public void Dispose()
    {
        _linked.Dispose();
        _timer.Dispose();
    }
}
