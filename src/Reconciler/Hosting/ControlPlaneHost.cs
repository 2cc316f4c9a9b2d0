using GitGateway.Reconciler.Endpoints;
using GitGateway.Reconciler.Observability;
using GitGateway.Reconciler.Scheduling;
using GitGateway.Reconciler.Serve;

namespace GitGateway.Reconciler.Hosting;

/// <summary>
/// Assembles the control plane as one web application: for each repository its own routing domain
/// (<see cref="RepositoryRuntime"/>: mirror, code host, review and apply, reconcile loop), one Quartz poll for all,
/// and the HTTP surface (node protocol, webhooks, refresh, status).
/// </summary>
internal static class ControlPlaneHost
{
    private const string Election = "leader-election";

    public static WebApplication Build(ControlPlaneSettings settings, TimeProvider time, Action<ILoggingBuilder>? logging = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(settings.ListenUrl);
        builder.Logging.ClearProviders();
        (logging ?? (l => ConsoleLogging.Configure(l, json: false)))(builder.Logging);

        builder.Services.AddSingleton(time);
        builder.Services.AddSingleton(settings);
        var metrics = new ControlPlaneMetrics();
        builder.Services.AddSingleton(metrics);
        Func<IServiceProvider, Func<RepositorySettings, Cluster.ClusterStateCopy>?> copies = _ => null;
        if (settings.Election is { } election)
        {
            // Registered before the writers, so it is started first and they wait on it.
            builder.Services.AddKeyedSingleton<k8s.IKubernetes>(Election, (_, _) => Cluster.ClusterClient.Create(election.Kubernetes));
            builder.Services.AddSingleton(sp => new LeaseElectionService(
                new Cluster.LeaseElection(sp.GetRequiredKeyedService<k8s.IKubernetes>(Election), election.Lease, sp.GetRequiredService<ILogger<Cluster.LeaseElection>>(), time),
                sp.GetRequiredService<IHostApplicationLifetime>()));
            builder.Services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<LeaseElectionService>());

            // What a new leader must know (revision in force, waiting GitHub writes) is copied beside the Lease.
            copies = sp => r => new Cluster.ClusterStateCopy(
                sp.GetRequiredKeyedService<k8s.IKubernetes>(Election),
                election.Lease.Namespace,
                Cluster.ClusterStateCopy.NameFor(election.Lease.Name, r.Name),
                sp.GetRequiredService<ILogger<Cluster.ClusterStateCopy>>());
        }

        builder.Services.AddSingleton(sp => new RepositoryRegistry(settings, time, sp.GetRequiredService<ILoggerFactory>(), metrics, copies(sp)));
        for (var i = 0; i < settings.Repositories.Count; i++)
        {
            var index = i;
            builder.Services.AddSingleton<IHostedService>(sp => Gate(sp, index, r => r.Worker));

            // The drift watch writes a check and re-sends plans: a writer, so only the Lease holder runs it.
            builder.Services.AddSingleton<IHostedService>(sp => Gate(sp, index, r => r.Drift));
            if (settings.ClusterStatus is { } status)
            {
                // Writes the Gateway API objects and their status into the cluster: a writer too.
                builder.Services.AddSingleton(sp => ClusterStatusService(sp, status, index));
                builder.Services.AddSingleton<IHostedService>(sp => Gate(sp, index, _ => sp.GetServices<Cluster.ClusterStatusService>().ElementAt(index)));
            }

            if (settings.Repositories[i].GitHub is not null)
            {
                builder.Services.AddSingleton<IHostedService>(sp => Gate(sp, index, r => r.Outbox!));
            }
        }

        builder.Services.AddHostedService(sp => new PollScheduler(
            [.. sp.GetRequiredService<RepositoryRegistry>().All.Select(r => (r.Name, r.Queue, r.Settings.PollInterval))]));

        if (settings.ClusterStatus is { } kube)
        {
            builder.Services.AddKeyedSingleton<k8s.IKubernetes>(Cluster.ClusterStatusOptions.FieldManager, (_, _) => Cluster.ClusterClient.Create(kube.Kubernetes));
        }

        var app = builder.Build();
        var repositories = app.Services.GetRequiredService<RepositoryRegistry>();
        metrics.WatchNodes(repositories);
        ControlPlaneEndpoints.Map(app, repositories, metrics, time);
        return app;
    }

    /// <summary>One of repository <paramref name="index"/>'s writers, started once this replica leads and has taken over.</summary>
    private static IHostedService Gate(IServiceProvider services, int index, Func<RepositoryRuntime, IHostedService> writer)
    {
        var repository = services.GetRequiredService<RepositoryRegistry>().All[index];
        return LeaderOnlyService.Gate(services, writer(repository), repository.Takeover);
    }

    private static Cluster.ClusterStatusService ClusterStatusService(IServiceProvider services, Cluster.ClusterStatusOptions options, int index)
    {
        var repository = services.GetRequiredService<RepositoryRegistry>().All[index];
        return new Cluster.ClusterStatusService(
            services.GetRequiredKeyedService<k8s.IKubernetes>(Cluster.ClusterStatusOptions.FieldManager),
            options,
            repository.Name,
            repository.Settings.TargetBranch,
            repository.Source,
            repository.Publisher,
            services.GetRequiredService<TimeProvider>(),
            services.GetRequiredService<ILogger<Cluster.ClusterStatusService>>(),
            () => (repository.Apply.State.AppliedCommit, repository.Apply.State.KeptTeams, repository.Apply.State.KeptTeamErrors));
    }
}
