using GitGateway.Reconciler.Hosting;
using GitGateway.Reconciler.Webhook;
using Prometheus;

namespace GitGateway.Reconciler.Observability;

/// <summary>
/// The control plane's Prometheus metrics, served at <c>GET /metrics</c> (prometheus-net, one registry per control
/// plane so two in one process do not mix): reconcile duration by outcome, render time, the revision in force,
/// webhook deliveries by outcome, nodes by what they last said about the revision in force, failed fetches by
/// reason and the age of the last good fetch, nodes that drift from the applied plan and how long each has been
/// behind, all per repository.
/// </summary>
internal sealed class ControlPlaneMetrics
{
    private static readonly double[] Seconds = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
    private readonly Histogram _reconcile;
    private readonly Histogram _render;
    private readonly Gauge _revision;
    private readonly Counter _webhooks;
    private readonly Gauge _nodes;
    private readonly Counter _fetchFailures;
    private readonly Gauge _lastGoodAge;
    private readonly Gauge _driftNodes;
    private readonly Gauge _behind;

    public ControlPlaneMetrics()
    {
        var factory = Metrics.WithCustomRegistry(Registry);
        _reconcile = factory.CreateHistogram("gitgateway_reconcile_duration_seconds", "Fetch, render and apply of one reconcile request, by its outcome.",
            ["repository", "outcome"], new HistogramConfiguration { Buckets = Seconds });
        _render = factory.CreateHistogram("gitgateway_render_duration_seconds", "Rendering a target-branch commit into a plan.",
            ["repository"], new HistogramConfiguration { Buckets = Seconds });
        _revision = factory.CreateGauge("gitgateway_applied_revision", "The plan revision in force (0 before the first).", ["repository"]);
        _webhooks = factory.CreateCounter("gitgateway_webhook_deliveries_total",
            "GitHub webhook deliveries by outcome, as the delivery's log line names it: queued, redelivery, ignored, duplicate, invalid_signature, missing_or_malformed_signature, too_large, busy, unknown_repository, repository_stopped.", ["outcome"]);
        _nodes = factory.CreateGauge("gitgateway_nodes", "Nodes by their last answer to the revision in force: acked, not_ready, nacked, behind.", ["repository", "state"]);
        _fetchFailures = factory.CreateCounter("gitgateway_git_fetch_failures_total",
            "Failed fetches of the repository's remote, by reason: unreachable, auth, not_found, timeout, url_refused, other.", ["repository", "reason"]);
        _lastGoodAge = factory.CreateGauge("gitgateway_git_last_good_age_seconds",
            "Seconds since the remote was last fetched successfully (the age of the last good revision); absent before the first.", ["repository"]);
        _driftNodes = factory.CreateGauge("gitgateway_drift_nodes", "Nodes that differ from what the applied plan says (GET /v1/status: drift); alert when above 0.", ["repository"]);
        _behind = factory.CreateGauge("gitgateway_node_behind_seconds", "Seconds a node has served an older plan than the revision it should serve (0: up to date).", ["repository", "node"]);
    }

    public CollectorRegistry Registry { get; } = Metrics.NewCustomRegistry();

    /// <summary>The metrics one repository's loop records.</summary>
    public RepositoryMetrics For(string repository) => new(
        _reconcile, _render.WithLabels(repository), _revision.WithLabels(repository), _fetchFailures, repository);

    /// <summary>One delivery, by the outcome its audit line names (<c>invalid-signature</c> is counted as <c>invalid_signature</c>).</summary>
    public void WebhookDelivered(string outcome) =>
        _webhooks.WithLabels(WebhookRouter.Outcomes.Contains(outcome) ? outcome.Replace('-', '_') : "other").Inc();

    /// <summary>Node counts and the age of the last good fetch are read from the repositories when scraped, so they are never stale.</summary>
    public void WatchNodes(RepositoryRegistry repositories) => Registry.AddBeforeCollectCallback(() =>
    {
        foreach (var repository in repositories.All)
        {
            if (repository.Worker.Source.LastGoodAgeSeconds() is { } age)
            {
                _lastGoodAge.WithLabels(repository.Name).Set(age);
            }

            var hash = repository.Publisher.Current?.PlanHash;
            var states = repository.Publisher.Nodes.Values.Select(n => n.PlanHash != hash ? "behind"
                : !n.Accepted ? "nacked"
                : n.Ready ? "acked" : "not_ready").ToList();
            foreach (var state in (string[])["acked", "not_ready", "nacked", "behind"])
            {
                _nodes.WithLabels(repository.Name, state).Set(states.Count(s => s == state));
            }

            var drift = repository.Publisher.Drift.Evaluate(repository.Publisher);
            _driftNodes.WithLabels(repository.Name).Set(drift.Count);
            foreach (var node in repository.Publisher.Nodes.Keys)
            {
                _behind.WithLabels(repository.Name, node).Set(drift.FirstOrDefault(d => d.Node == node)?.BehindSeconds ?? 0);
            }
        }
    });
}
