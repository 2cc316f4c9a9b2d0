using GitGateway.Reconciler.Apply;
using GitGateway.Reconciler.Git;
using GitGateway.Reconciler.GitHub;
using GitGateway.Reconciler.Review;
using GitGateway.Reconciler.Review.RoutingTests;
using GitGateway.Reconciler.Scheduling;
using GitGateway.Renderer.Rendering;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GitGateway.Reconciler.Hosting;

/// <summary>
/// Assembles the control plane as one web application: Git mirror, code host, review and apply, the reconcile
/// loop, the Quartz poll, and the HTTP surface (node protocol, webhook, refresh).
/// </summary>
internal static class ControlPlaneHost
{
    public static WebApplication Build(ControlPlaneSettings settings, TimeProvider time, Action<ILoggingBuilder>? logging = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(settings.ListenUrl);
        builder.Logging.ClearProviders();
        if (logging is null)
        {
            builder.Logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Information);
        }
        else
        {
            logging(builder.Logging);
        }

        builder.Services.AddSingleton(time);
        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton(new ReconcileQueue());
        builder.Services.AddSingleton<ICommitSource>(_ => new GitMirror(
            settings.RepositoryUrl, Path.Combine(settings.StateDirectory, "mirror.git"), settings.GitCredentials, settings.FetchTimeout));
        builder.Services.AddSingleton(sp => CodeHost(sp, settings, time));
        builder.Services.AddSingleton(new PlanPublisher(time));
        builder.Services.AddSingleton(new ControlPlaneStateStore(Path.Combine(settings.StateDirectory, "state")));
        builder.Services.AddSingleton<Func<RenderInput, RenderResult>>(PlanRenderer.Render);
        builder.Services.AddSingleton(new ApplyOptions(settings.TargetBranch, settings.Nodes, settings.AckTimeout));
        builder.Services.AddSingleton<ApplyService>();
        builder.Services.AddSingleton(sp => settings.GitHub is null ? null! : new ReviewService(
            sp.GetRequiredService<ICommitSource>(),
            sp.GetRequiredService<ICodeHost>(),
            PlanRenderer.Render,
            new ProxyRouteResolver(),
            $"{settings.GitHub.WebBaseUrl.TrimEnd('/')}/{settings.GitHub.Repo}/blob/",
            sp.GetRequiredService<ILogger<ReviewService>>()));
        builder.Services.AddSingleton(sp => new ReconcileWorker(
            sp.GetRequiredService<ReconcileQueue>(),
            sp.GetRequiredService<ICommitSource>(),
            sp.GetRequiredService<ApplyService>(),
            settings.GitHub is null ? null : sp.GetRequiredService<ReviewService>(),
            settings.TargetBranch,
            sp.GetRequiredService<ILogger<ReconcileWorker>>()));
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ReconcileWorker>());
        builder.Services.AddHostedService(sp => new PollScheduler(sp.GetRequiredService<ReconcileQueue>(), settings.PollInterval));

        var app = builder.Build();
        var secret = settings.WebhookSecret is null ? null : Hosting.WebhookSignature.SecretBytes(settings.WebhookSecret);
        ControlPlaneEndpoints.Map(
            app,
            app.Services.GetRequiredService<PlanPublisher>(),
            app.Services.GetRequiredService<ApplyService>(),
            app.Services.GetRequiredService<ReconcileQueue>(),
            new WebhookHandler(secret, settings.TargetBranch, app.Services.GetRequiredService<ReconcileQueue>()),
            settings.NodeToken,
            time);
        return app;
    }

    private static ICodeHost CodeHost(IServiceProvider sp, ControlPlaneSettings settings, TimeProvider time)
    {
        if (settings.GitHub is not { } gh)
        {
            return new LogCodeHost(sp.GetRequiredService<ILogger<LogCodeHost>>());
        }

        var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        IGitHubTokenSource tokens = gh.AppId is not null && gh.InstallationId is { } installation && gh.PrivateKeyPem is not null
            ? new AppTokenSource(http, gh.ApiBase, gh.AppId, installation, gh.PrivateKeyPem, time)
            : new StaticTokenSource(gh.Token ?? throw new InvalidOperationException("github: set a token or an app (appId, installationId, privateKeyFile)"));
        var client = new GitHubClient(http, gh.ApiBase, tokens, time, sp.GetRequiredService<ILogger<GitHubClient>>());
        return new GitHubCodeHost(client, GitHubRepo.Parse(gh.Repo));
    }
}
