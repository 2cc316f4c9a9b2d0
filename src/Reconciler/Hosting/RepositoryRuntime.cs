using System.Text;
using GitGateway.Reconciler.Apply;
using GitGateway.Reconciler.Demo;
using GitGateway.Reconciler.Drift;
using GitGateway.Reconciler.Git;
using GitGateway.Reconciler.GitHub;
using GitGateway.Reconciler.Observability;
using GitGateway.Reconciler.Review;
using GitGateway.Reconciler.Review.RoutingTests;
using GitGateway.Reconciler.Serve;
using GitGateway.Reconciler.Webhook;
using GitGateway.Renderer.Rendering;

namespace GitGateway.Reconciler.Hosting;

/// <summary>
/// One repository's routing domain at run time: its mirror, code host, plan publisher and state, review and apply,
/// reconcile queue and loop, and webhook handler. Nothing is shared with another repository's domain, so a push
/// to one changes only that repository's nodes.
/// </summary>
internal sealed class RepositoryRuntime
{
    private RepositoryRuntime(RepositorySettings settings, ICodeHost host, ApplyService apply, ReviewService? review, PlanPublisher publisher, ReconcileQueue queue, ReconcileWorker worker)
    {
        Settings = settings;
        CodeHost = host;
        Outbox = host as GitHubOutbox;
        Apply = apply;
        Review = review;
        Publisher = publisher;
        Queue = queue;
        Worker = worker;
        NodeToken = Encoding.UTF8.GetBytes(settings.NodeToken);
        Webhook = new WebhookHandler(new WebhookSecrets(settings.WebhookSecret, settings.WebhookSecretFile), settings.TargetBranch, queue);
    }

    public RepositorySettings Settings { get; }

    /// <summary>The repository's mirror: what the commits hold.</summary>
    public ICommitSource Source { get; private init; } = null!;

    public string Name => Settings.Name;

    public ICodeHost CodeHost { get; }

    /// <summary>The queue of GitHub writes (null without GitHub): a hosted service of its own.</summary>
    public GitHubOutbox? Outbox { get; }

    public ApplyService Apply { get; }

    public ReviewService? Review { get; }

    public PlanPublisher Publisher { get; }

    public ReconcileQueue Queue { get; }

    /// <summary>Drift: the periodic look, the repairs and the <c>gitgateway/drift</c> check (a hosted service of its own).</summary>
    public DriftWatch Drift { get; private init; } = null!;

    public ReconcileWorker Worker { get; }

    public WebhookHandler Webhook { get; }

    /// <summary>Full reviews of pull-request heads and their links, or null.</summary>
    public (PlanDiffStore Store, PlanDiffLinks Links)? Diffs { get; private init; }

    public byte[] NodeToken { get; }

    /// <summary>With leader election: the state the last leader left in the cluster, restored before this replica's writers start.</summary>
    public Cluster.LeaderTakeover? Takeover { get; private init; }

    /// <summary>What the apply serves and holds now, and why (<see cref="PlanInForce.Of"/>): what reviews diff against and the status shows.</summary>
    public PlanInForce InForce() => InForceOf(Settings, Apply, Publisher);

    private static PlanInForce InForceOf(RepositorySettings settings, ApplyService apply, PlanPublisher publisher) =>
        PlanInForce.Of(settings.TargetBranch, apply.State, publisher.Current, apply.Pause.Record);

    /// <param name="copy">With leader election, where the state a new leader needs is copied (<see cref="Cluster.ClusterStateCopy"/>).</param>
    public static RepositoryRuntime Create(RepositorySettings settings, HttpClient gitHubHttp, TimeProvider time, ILoggerFactory loggers, ControlPlaneMetrics metrics, Cluster.ClusterStateCopy? copy = null)
    {
        var measured = metrics.For(settings.Name);
        var stateDir = Path.Combine(settings.StateDirectory, "state");
        var source = new GitMirror(
            settings.RepositoryUrl, Path.Combine(settings.StateDirectory, "mirror.git"), settings.GitCredentials, settings.FetchTimeout, settings.AllowFileUrls, loggers.CreateLogger<GitMirror>());
        var host = CreateCodeHost(settings, gitHubHttp, time, loggers, stateDir, copy);
        var publisher = new PlanPublisher(time);
        var plans = settings.GitHub is null ? null : new ReviewedPlans(stateDir, copy is null ? null : copy.SaveReviewedPlansAsync);

        // Review and apply share the files they loaded: a commit touching one file parses and checks that one file.
        var render = new CachedRender();
        var apply = new ApplyService(
            source, host, render.Render, publisher, new ControlPlaneStateStore(stateDir, copy is null ? null : copy.SaveStateAsync),
            new ApplyOptions(settings.TargetBranch, settings.Nodes, settings.AckTimeout) { Rollout = settings.Rollout, RequireReviewedPlans = settings.RequireReviewedPlans },
            time,
            loggers.CreateLogger<ApplyService>(),
            new PauseSwitch(stateDir, copy is null ? null : copy.SavePauseAsync),
            new ProxyRouteResolver(),
            measured,
            plans);
        var diffs = CreateDiffs(settings, stateDir);
        var review = settings.GitHub is not { } gh ? null : new ReviewService(
            source,
            host,
            render.RenderReview,
            new ProxyRouteResolver(),
            $"{gh.WebBaseUrl.TrimEnd('/')}/{gh.Repo}/blob/",
            loggers.CreateLogger<ReviewService>(),
            new ReviewedHeadsStore(stateDir, copy is null ? null : copy.SaveReviewedHeadsAsync),
            diffs,
            plans,
            () => InForceOf(settings, apply, publisher));
        var queue = new ReconcileQueue();
        if (plans is not null && settings.RequireReviewedPlans)
        {
            // A head held because its review had not run yet is looked at again as soon as a review records a plan.
            plans.Recorded += () =>
            {
                if (apply.State.PendingCommit is not null)
                {
                    queue.Enqueue(new ReconcileRequest("a plan was reviewed"));
                }
            };
        }

        var worker = new ReconcileWorker(queue, source, apply, review, settings.TargetBranch, loggers.CreateLogger<ReconcileWorker>(), settings.Name, host, measured, time);
        var drift = new DriftWatch(publisher, host, settings.Drift, time, loggers.CreateLogger<DriftWatch>(), stateDir, settings.Nodes, copy is null ? null : copy.SaveDriftCheckAsync);
        var takeover = copy is null ? null : new Cluster.LeaderTakeover(
            copy,
            stateDir,
            time,
            loggers.CreateLogger<Cluster.LeaderTakeover>(),
            () =>
            {
                apply.Pause.Reload(); // the last leader's switch, just restored into stateDir
                queue.Enqueue(new ReconcileRequest("took over the lease"));
            });
        return new RepositoryRuntime(settings, host, apply, review, publisher, queue, worker) { Diffs = diffs, Drift = drift, Source = source, Takeover = takeover };
    }

    /// <summary>Where full reviews are kept and linked from; null when reviewers have no address to follow.</summary>
    private static (PlanDiffStore Store, PlanDiffLinks Links)? CreateDiffs(RepositorySettings settings, string stateDir) =>
        settings.PublicUrl is not { } url ? null : (new PlanDiffStore(Path.Combine(stateDir, "diffs")), new PlanDiffLinks(url, settings.Name, Encoding.UTF8.GetBytes(settings.NodeToken)));

    private static ICodeHost CreateCodeHost(RepositorySettings settings, HttpClient http, TimeProvider time, ILoggerFactory loggers, string stateDir, Cluster.ClusterStateCopy? copy)
    {
        if (settings.GitHub is not { } gh)
        {
            return new LogCodeHost(loggers.CreateLogger<LogCodeHost>());
        }

        IGitHubTokenSource tokens = gh.AppId is not null && gh.InstallationId is { } installation && gh.PrivateKeyPem is not null
            ? new AppTokenSource(http, gh.ApiBase, gh.AppId, installation, gh.PrivateKeyPem, time)
            : new StaticTokenSource(gh.Token ?? throw new InvalidOperationException($"repository {settings.Name}: github needs a token or an app (appId, installationId, privateKeyFile)"));
        // Rate limits longer than a few seconds are not waited out inside a call: the outbox holds every write for
        // them, and a review whose read is limited is retried by the next trigger.
        var client = new GitHubClient(http, gh.ApiBase, tokens, time, loggers.CreateLogger<GitHubClient>(), maxRateLimitWait: TimeSpan.FromSeconds(5));
        return new GitHubOutbox(new GitHubCodeHost(client, GitHubRepo.Parse(gh.Repo), stateDir, copy is null ? null : copy.SaveHeldChecksAsync), stateDir, time, loggers.CreateLogger<GitHubOutbox>(), copy is null ? null : copy.SaveOutboxAsync);
    }
}
