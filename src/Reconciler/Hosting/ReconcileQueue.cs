using System.Threading.Channels;

namespace GitGateway.Reconciler.Hosting;

/// <summary>
/// The bounded queue between triggers (webhook, poll, manual refresh) and the reconcile loop. Triggers never
/// wait on work: when the queue is full the oldest request is dropped, since any later one fetches everything
/// (its <see cref="ReconcileRequest.Done"/> is called, so its delivery may be sent again).
/// </summary>
internal sealed class ReconcileQueue
{
    private readonly Channel<ReconcileRequest> _channel = Channel.CreateBounded<ReconcileRequest>(
        new BoundedChannelOptions(256) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
        dropped => dropped.Done?.Invoke());

    public bool Enqueue(ReconcileRequest request) => _channel.Writer.TryWrite(request);

    public ChannelReader<ReconcileRequest> Reader => _channel.Reader;
}
