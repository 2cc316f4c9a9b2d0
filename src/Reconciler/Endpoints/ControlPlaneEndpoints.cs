using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using GitGateway.Plan.Delta;
using GitGateway.Reconciler.Apply;
using GitGateway.Reconciler.Git;
using GitGateway.Reconciler.Hosting;
using GitGateway.Reconciler.Observability;
using GitGateway.Reconciler.Webhook;
using Microsoft.AspNetCore.Http.Features;
using Prometheus;

namespace GitGateway.Reconciler.Endpoints;

/// <summary>
/// The control plane's HTTP surface. Per repository, under <c>/v1/repos/{repository}</c> (and, for the default
/// repository, directly under <c>/v1</c>, the paths of a single-repository control plane): nodes long-poll
/// <c>GET …/plan?node=&amp;have=&lt;hash&gt;&amp;wait=&lt;s&gt;</c>, which returns the whole plan (200, <c>X-Plan-Hash</c>,
/// <c>X-Plan-Revision</c>) when it differs from what the node has, or, asked with <c>delta=1</c>, the changes from the plan
/// it has when that is a recent revision (<see cref="PlanDeltas"/>, <c>X-Plan-Base</c>), or 304 when the wait ends (with
/// <c>Accept: text/event-stream</c> the same request is a stream of plan events, <see cref="PlanEventStream"/>);
/// <c>POST …/nodes/{name}/report</c> takes ACK/NACK, readiness and the VIPs it serves (read up to 4 MiB), which
/// <c>GET …/fleet?node=</c> gives back as the VIP floor's fleet view (<see cref="FleetDocument"/>); operators <c>POST …/refresh</c>. Each takes that
/// repository's node token. <c>GET /v1/status</c> lists the repositories the token opens. GitHub:
/// <c>POST /webhook</c> and <c>POST /webhooks/github/{repository}</c> (signed, not bearer).
/// </summary>
internal static class ControlPlaneEndpoints
{
    private static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(60);

    public static void Map(WebApplication app, RepositoryRegistry repositories, ControlPlaneMetrics metrics, TimeProvider time)
    {
        var election = app.Services.GetService<LeaseElectionService>()?.Election;
        var legacy = app.MapGroup("/v1").AddEndpointFilter(async (context, next) =>
            Open(context.HttpContext, repositories.Default) ? await next(context) : Results.Unauthorized());
        MapRepository(legacy, time, election);

        var named = app.MapGroup("/v1/repos/{repository}").AddEndpointFilter(async (context, next) =>
        {
            var name = context.HttpContext.Request.RouteValues["repository"] as string ?? "";
            if (repositories.Find(name) is not { } repository)
            {
                return Results.Json(new { message = $"unknown repository '{name}'" }, statusCode: StatusCodes.Status404NotFound);
            }

            return Open(context.HttpContext, repository) ? await next(context) : Results.Unauthorized();
        });
        MapRepository(named, time, election);

        app.MapGet("/v1/status", (HttpContext context) =>
        {
            var visible = repositories.All.Where(r => Authorized(context.Request, r.NodeToken)).ToList();
            return visible.Count == 0 ? Results.Unauthorized() : Results.Json(StatusBody(repositories.Default, visible));
        });

        // Linked from pull-request comments: its own key in the link, or the node token (see PlanDiffLinks).
        app.MapGet("/v1/repos/{repository}/plans/{sha}/diff", async (HttpContext context, string repository, string sha, string? key) =>
        {
            if (repositories.Find(repository) is not { Diffs: { } diffs } runtime
                || !(diffs.Links.Verify(sha, key) || Authorized(context.Request, runtime.NodeToken))
                || await diffs.Store.ReadAsync(sha, context.RequestAborted) is not { } text)
            {
                return Results.NotFound();
            }

            // Plain text: the review holds text from the repository, which a browser must not run as HTML.
            context.Response.Headers.XContentTypeOptions = "nosniff";
            return Results.Text(text, "text/plain; charset=utf-8");
        });

        var webhooks = new WebhookRouter(repositories, WebhookLimits.Default, app.Services.GetRequiredService<ILogger<WebhookRouter>>());
        async Task<IResult> Webhook(HttpRequest request, string? repository, CancellationToken ct)
        {
            var (result, outcome) = await webhooks.HandleAsync(request, repository, ct);
            metrics.WebhookDelivered(outcome);
            return result;
        }

        app.MapPost("/webhook", (HttpRequest request, CancellationToken ct) => Webhook(request, null, ct));
        app.MapPost("/webhooks/github", (HttpRequest request, CancellationToken ct) => Webhook(request, null, ct));
        app.MapPost("/webhooks/github/{repository}", (HttpRequest request, string repository, CancellationToken ct) => Webhook(request, repository, ct));
        app.MapGet("/healthz", () => Results.Ok("ok"));

        // Ready once no repository's loop is stopped (unreadable saved state); the reason is in /v1/status. With leader
        // election only the Lease holder is ready: a follower's plans and node reports are not the ones in force, so the
        // Service sends nodes, webhooks and operators to the leader alone. A follower says so, and who leads.
        app.MapGet("/readyz", () => election is { IsLeader: false }
            ? Results.Json(new { ready = false, role = "follower", identity = election.Identity, leader = election.Leader }, statusCode: StatusCodes.Status503ServiceUnavailable)
            : repositories.All.FirstOrDefault(r => r.Worker.Fault is not null) is { } stopped
            ? Results.Json(new { ready = false, stopped = stopped.Name }, statusCode: StatusCodes.Status503ServiceUnavailable)
            : Results.Ok(election is null ? (object)new { ready = true } : new { ready = true, role = "leader", identity = election.Identity }));

        // Unauthenticated like /healthz: counts and durations, labelled only with the configured repositories' names.
        app.MapMetrics("/metrics", metrics.Registry);
    }

    private static void MapRepository(RouteGroupBuilder group, TimeProvider time, Cluster.LeaseElection? election)
    {
        group.MapGet("/plan", async (HttpContext context, string node, string? have, int? wait, int? delta) =>
        {
            if (!NodeReportIntake.IsName(node) || have is not null && !NodeReportIntake.IsName(have))
            {
                return Results.BadRequest(new { message = $"node and have are 1 to {NodeReportIntake.MaxNameLength} characters, none a control character" });
            }

            var publisher = Repository(context).Publisher;
            if (PlanEventStream.IsWanted(context.Request))
            {
                return await PlanEventStream.StreamAsync(context, publisher, node, have, TimeSpan.FromSeconds(Math.Clamp(wait ?? 15, 1, (int)MaxWait.TotalSeconds)));
            }

            publisher.Seen(node, have);
            var timeout = TimeSpan.FromSeconds(Math.Clamp(wait ?? 30, 0, (int)MaxWait.TotalSeconds));
            var revision = await publisher.WaitForNewAsync(node, have, timeout, context.RequestAborted);
            if (revision is null)
            {
                return Results.StatusCode(StatusCodes.Status304NotModified);
            }

            context.Response.Headers["X-Plan-Hash"] = revision.PlanHash;
            context.Response.Headers["X-Plan-Revision"] = revision.Number.ToString(CultureInfo.InvariantCulture);
            if (delta == 1 && publisher.Deltas.For(have, revision) is { } changes)
            {
                context.Response.Headers["X-Plan-Base"] = have;
                return Results.Bytes(changes, PlanDeltaJson.MediaType);
            }

            return Results.Bytes(revision.CanonicalJson, "application/json");
        });

        group.MapPost("/nodes/{name}/report", async (HttpContext context, string name) =>
        {
            if (!NodeReportIntake.IsName(name) || await NodeReportIntake.ReadAsync(context) is not { } report)
            {
                return Results.BadRequest(new { message = $"not a node report, or larger than {NodeReportIntake.MaxReportBytes} bytes" });
            }

            Repository(context).Publisher.Report(NodeReportIntake.Status(name, report, time.GetUtcNow()), NodeReportIntake.Routes(report.Routes));
            return Results.NoContent();
        });

        // `gitgateway node forget`: a decommissioned node goes from the fleet view now rather than after forgetAfter.
        group.MapDelete("/nodes/{name}", (HttpContext context, string name) =>
        {
            if (FollowerRefusal.For(election, "node forget") is { } refused)
            {
                return refused;
            }

            var repository = Repository(context);
            if (!repository.Publisher.Nodes.TryGetValue(name, out var node))
            {
                return Results.NotFound(new { status = "unknown", repository = repository.Name, node = NodeReportIntake.Bounded(name), message = "no node of that name has reported" });
            }

            if (FleetRoster.RefusalToForget(node, repository.Settings.Nodes, time.GetUtcNow()) is { } why)
            {
                return Results.Json(new { status = "refused", repository = repository.Name, node = node.Name, message = why }, statusCode: StatusCodes.Status409Conflict);
            }

            repository.Publisher.Forget(node);
            return Results.Json(new { status = "forgotten", repository = repository.Name, node = node.Name });
        });

        // The floor's fleet view: what the other nodes serve (FleetDocument), read-only with the node token.
        group.MapGet("/fleet", (HttpContext context, string? node) =>
            Results.Json(FleetDocument.Build(Repository(context).Publisher.Nodes.Values, node, time.GetUtcNow())));

        // The kill switch: pause holds every apply (and halts a canary bake) until resume; it survives a restart and
        // a takeover. Only the leader's switch is read: a follower refuses and names the leader.
        group.MapPost("/pause", async Task<IResult> (HttpContext context, string? reason) =>
        {
            if (FollowerRefusal.For(election, "pause") is { } refused)
            {
                return refused;
            }

            var repository = Repository(context);
            var why = string.IsNullOrWhiteSpace(reason) ? "paused by an operator" : NodeReportIntake.Bounded(reason.ReplaceLineEndings(" "))!;
            await repository.Apply.Pause.PauseAsync(why.Length > 200 ? why[..200] : why, time.GetUtcNow(), context.RequestAborted);
            return Results.Json(new { status = "paused", repository = repository.Name, reason = why });
        });

        group.MapPost("/resume", async Task<IResult> (HttpContext context) =>
        {
            if (FollowerRefusal.For(election, "resume") is { } refused)
            {
                return refused;
            }

            var repository = Repository(context);
            await repository.Apply.Pause.ResumeAsync(context.RequestAborted);
            repository.Queue.Enqueue(new ReconcileRequest("resume"));
            return Results.Json(new { status = "resumed", repository = repository.Name });
        });

        // A follower's queue is not read until it leads: it refuses a refresh and names the leader, as for pause.
        group.MapPost("/refresh", (HttpContext context) =>
        {
            if (FollowerRefusal.For(election, "refresh") is { } refused)
            {
                return refused;
            }

            var repository = Repository(context);
            if (repository.Worker.Fault is { } fault)
            {
                return Results.Json(new { status = "stopped", repository = repository.Name, error = fault }, statusCode: StatusCodes.Status503ServiceUnavailable);
            }

            return repository.Queue.Enqueue(new ReconcileRequest("manual refresh"))
                ? Results.Accepted(value: new { status = "queued", repository = repository.Name })
                : Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
        });
    }

    /// <summary>
    /// Each repository the caller's token opens; the default repository's fields also stay at the top level, where
    /// a single-repository control plane put them.
    /// </summary>
    private static Dictionary<string, object?> StatusBody(RepositoryRuntime defaultRepository, IReadOnlyList<RepositoryRuntime> visible)
    {
        var body = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (visible.Contains(defaultRepository))
        {
            foreach (var (key, value) in RepositoryStatus(defaultRepository).Where(kv => kv.Key != "name"))
            {
                body[key] = value;
            }
        }

        body["repositories"] = visible.Select(RepositoryStatus).ToList();
        return body;
    }

    private static Dictionary<string, object?> RepositoryStatus(RepositoryRuntime r) => new(StringComparer.Ordinal)
    {
        ["name"] = r.Name,
        ["targetBranch"] = r.Settings.TargetBranch,
        ["revision"] = r.Publisher.Current?.Number,
        ["planHash"] = r.Publisher.Current?.PlanHash,
        ["commit"] = r.Publisher.Current?.Commit,
        ["pendingCommit"] = r.Apply.State.PendingCommit,
        ["paused"] = r.Apply.Pause.Record,
        ["canary"] = r.Publisher.Canary is { } canary ? new { revision = canary.Revision.Number, planHash = canary.Revision.PlanHash, nodes = canary.Nodes.Order(StringComparer.Ordinal).ToList() } : null,
        ["refused"] = r.Apply.State.Refused,
        ["held"] = Held(r),
        ["keptTeams"] = r.Apply.State.KeptTeams,
        ["error"] = r.Worker.Fault ?? r.Worker.Source.Current.Error ?? Refusal(r.Apply.State),
        ["git"] = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["remote"] = GitUrl.StripUserInfo(r.Settings.RepositoryUrl),
            ["error"] = r.Worker.Source.Current.Error,
            ["failingSince"] = r.Worker.Source.Current.FailingSince,
            ["lastGoodFetch"] = r.Worker.Source.Current.LastGoodFetch,
            ["lastGoodRevision"] = r.Worker.Source.Current.LastGoodRevision,
            ["lastGoodAgeSeconds"] = r.Worker.Source.LastGoodAgeSeconds(),
        },
        ["nodes"] = r.Publisher.Nodes.Values.OrderBy(n => n.Name, StringComparer.Ordinal).ToList(),
        ["drift"] = r.Publisher.Drift.Evaluate(r.Publisher),
        ["repairs"] = r.Drift.Repairs,
        ["github"] = r.Outbox is not { } outbox ? null : new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["pendingWrites"] = outbox.Pending,
            ["pausedUntil"] = outbox.PausedUntil == default ? null : outbox.PausedUntil,
            ["lastError"] = outbox.LastError,
        },
    };

    // The target branch's head the apply looked at and holds (refused, paused, frozen, canary halted) and why, as the
    // review's held line says it; null when the head is applied.
    private static object? Held(RepositoryRuntime r) =>
        r.InForce() is { HeldCommit: { } commit } inForce
            ? new { commit, reason = inForce.HeldReason }
            : null;

    // The target branch's head that was not applied, and what keeps serving instead; null once a later commit applies.
    // A team isolated at the head (its files do not render) is a refusal too: the check names its file:line.
    private static string? Refusal(ControlPlaneState state) => state.Refused is not { } refused
        ? state.KeptTeams is { Count: > 0 } kept
            ? "team(s) " + string.Join(", ", kept.Keys.Order(StringComparer.Ordinal)) + " refused at commit " + state.AppliedCommit
              + ": their files do not render (" + FirstErrors(state) + "); their last applied files keep serving ("
              + string.Join(", ", kept.OrderBy(k => k.Key, StringComparer.Ordinal).Select(k => $"{k.Key} from commit {k.Value}")) + ")"
            : null
        : $"commit {refused.Commit} refused ({refused.Title}; {refused.ReasonCount} reasons, first: {refused.Reasons.FirstOrDefault()}); "
          + (state.AppliedCommit is { } good ? $"revision {state.Revision} from commit {good} keeps serving" : "no revision was ever applied");

    // State saved before the first error per team was kept has none: point at the check, which lists them all.
    private static string FirstErrors(ControlPlaneState state) => state.KeptTeamErrors is { Count: > 0 } errors
        ? "first: " + string.Join("; ", errors.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => e.Value))
        : "the gitgateway/apply check names file:line";

    private static RepositoryRuntime Repository(HttpContext context) => (RepositoryRuntime)context.Items[typeof(RepositoryRuntime)]!;

    private static bool Open(HttpContext context, RepositoryRuntime repository)
    {
        if (!Authorized(context.Request, repository.NodeToken))
        {
            return false;
        }

        context.Items[typeof(RepositoryRuntime)] = repository;
        return true;
    }

    private static bool Authorized(HttpRequest request, byte[] token)
    {
        var header = request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.Ordinal)
            && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(header[7..]), token);
    }
}
