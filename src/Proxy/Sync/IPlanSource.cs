namespace GitGateway.Proxy.Sync;

/// <summary>
/// Where a node gets its plans: a watched file on disk, or the control plane's subscription. The node applies
/// each revision it is given and reports the outcome (ACK, or NACK with the error) and its readiness back.
/// </summary>
public interface IPlanSource
{
    /// <summary>
    /// Yields whole plan revisions as they become available, starting with the current one (with the bytes they were
    /// read from and their hash when the source holds them: <see cref="IncomingPlan"/>).
    /// </summary>
    IAsyncEnumerable<IncomingPlan> WatchAsync(CancellationToken cancellationToken);

    /// <summary>Reports how applying a revision went.</summary>
    Task ReportAsync(PlanApplyReport report, CancellationToken cancellationToken);
}
