using Prometheus;

namespace GitGateway.Reconciler.Observability;

/// <summary>One repository's share of <see cref="ControlPlaneMetrics"/>, labelled with its name.</summary>
internal sealed class RepositoryMetrics(Histogram reconcile, Histogram.Child render, Gauge.Child revisionGauge, string repository)
{
    public void Reconciled(string outcome, TimeSpan elapsed) => reconcile.WithLabels(repository, outcome).Observe(elapsed.TotalSeconds);

    public void Rendered(TimeSpan elapsed) => render.Observe(elapsed.TotalSeconds);

    public void Published(long revision) => revisionGauge.Set(revision);

    /// <summary>The counter of failed fetches, labelled here with the repository and the reason.</summary>
    public Counter? FetchFailures { get; init; }

    public void FetchFailed(string reason) => FetchFailures?.WithLabels(repository, reason).Inc();
}
