namespace GitGateway.Reconciler.Webhook;

/// <summary>
/// What became of each webhook delivery (by <c>X-GitHub-Delivery</c>), so the same id is told apart by when it comes:
/// <list type="bullet">
/// <item>while its first run is queued or running, it is a true duplicate (GitHub retried, or sent it twice): ignored,
/// the run under way answers for both;</item>
/// <item>after its run finished, it is a redelivery (GitHub's "Redeliver" button, which keeps the id): its work runs
/// again, forced, because someone asked for it. Forced work is idempotent in effect: an apply of a commit already
/// applied publishes nothing, and a review of a head already reviewed edits the one comment only if its text
/// changed and sets the same check again.</item>
/// </list>
/// A different delivery for a head already reviewed is not forced, so it does nothing. The newest
/// <see cref="Capacity"/> ids are remembered; an older one counts as new.
/// </summary>
internal sealed class DeliveryLedger
{
    public const int Capacity = 4096;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, bool> _running = new(StringComparer.Ordinal);
    private readonly Queue<string> _order = new();

    /// <summary>Records that <paramref name="delivery"/> starts running, unless it is running already.</summary>
    public DeliveryKind Begin(string delivery)
    {
        lock (_gate)
        {
            if (_running.TryGetValue(delivery, out var running))
            {
                if (running)
                {
                    return DeliveryKind.InFlight;
                }

                _running[delivery] = true;
                return DeliveryKind.Redelivery;
            }

            _running[delivery] = true;
            _order.Enqueue(delivery);
            if (_order.Count > Capacity)
            {
                _running.Remove(_order.Dequeue());
            }

            return DeliveryKind.New;
        }
    }

    /// <summary>Records that the work of <paramref name="delivery"/> ended (done, failed or dropped from the queue).</summary>
    public void End(string delivery)
    {
        lock (_gate)
        {
            if (_running.ContainsKey(delivery))
            {
                _running[delivery] = false;
            }
        }
    }
}
