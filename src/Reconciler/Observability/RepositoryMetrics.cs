using Prometheus;

namespace GitGateway.Reconciler.Observability;

/// <summary>One repository's share of <see cref="ControlPlaneMetrics"/>, labelled with its name.</summary>
internal sealed class RepositoryMetrics(Histogram reconcile, Histogram.Child render, Gauge.Child revisionGauge, Counter fetchFailures, string repository)
{
    public void Reconciled(string outcome, TimeSpan elapsed) => reconcile.WithLabels(repository, outcome).Observe(elapsed.TotalSeconds);

    public void Rendered(TimeSpan elapsed) => render.Observe(elapsed.TotalSeconds);

    public void Published(long revision) => revisionGauge.Set(revision);

    public void FetchFailed(string reason) => fetchFailures.WithLabels(repository, reason).Inc();
}
