using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GitGateway.Reconciler.Tests.GitHub;

/// <summary>
/// An EMULATOR of the documented GitHub REST request and response shapes (issue comments, commit statuses,
/// check runs, pull requests, app installation tokens) served by Kestrel on 127.0.0.1. It is not GitHub: it
/// implements only what https://docs.github.com/en/rest documents for those endpoints, enforces the documented
/// limits the reconciler must respect (65,536-character comments, 50 annotations per request, bearer
/// authentication), records what it receives so tests can assert on it, and can inject rate-limit and 5xx answers.
/// </summary>
internal sealed class GitHubEmulator : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly List<(Func<HttpRequest, bool> When, Func<HttpResponse, Task> Answer)> _faults = [];
    private readonly List<(Func<HttpRequest, bool> When, TaskCompletionSource Arrived, Task Release)> _holds = [];
    private readonly Lock _gate = new();
    private long _nextId = 1000;

    private GitHubEmulator(WebApplication app, string token)
    {
        _app = app;
        Token = token;
    }

    public string Token { get; }

    public Uri BaseUri { get; private set; } = new("http://127.0.0.1/");

    /// <summary>Comments by pull request number, in creation order.</summary>
    public Dictionary<int, List<EmulatedComment>> Comments { get; } = [];

    public List<EmulatedStatus> Statuses { get; } = [];

    /// <summary>Edits made to a comment by someone other than its author.</summary>
    public int ForeignEdits { get; set; }

    public List<EmulatedCheckRun> CheckRuns { get; } = [];

    public List<JsonObject> PullRequests { get; } = [];

    /// <summary>Every request as "METHOD path" in arrival order (the authorization header is not kept).</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    /// <summary>The <c>User-Agent</c> of every request, in arrival order: which client library sent it.</summary>
    public ConcurrentQueue<string> UserAgents { get; } = new();

    /// <summary>Installation tokens accepted besides <see cref="Token"/> (issued by the app endpoint).</summary>
    public ConcurrentDictionary<string, bool> InstallationTokens { get; } = new();

    /// <summary>A check on the app JWT; the app endpoint answers 401 when it returns false.</summary>
    public Func<string, bool> VerifyAppJwt { get; set; } = _ => true;

    /// <summary>The login of the user <see cref="Token"/> belongs to (<c>GET /user</c>).</summary>
    public string UserLogin { get; } = "routing-bot";

    /// <summary>The app's slug (<c>GET /app</c>); its installation tokens write as <c>&lt;slug&gt;[bot]</c>.</summary>
    public string AppSlug { get; } = "gitgateway";

    /// <summary>The clock rate-limit resets are computed on (the control plane's, when it runs on a moved clock).</summary>
    public TimeProvider Clock { get; set; } = TimeProvider.System;

    /// <summary>A comment written by someone else, as GitHub would list it.</summary>
    public EmulatedComment AddComment(int number, string login, string body)
    {
        lock (_gate)
        {
            var comment = new EmulatedComment(NextId(), body, login);
            if (!Comments.TryGetValue(number, out var list))
            {
                Comments[number] = list = [];
            }

            list.Add(comment);
            return comment;
        }
    }

    public static async Task<GitHubEmulator> StartAsync(string token = "emulated-token")
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        // Port 0: the kernel picks the port as it binds, so no other process can take it between a pick and the bind.
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var emulator = new GitHubEmulator(app, token);
        emulator.Map(app);
        await app.StartAsync();
        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        emulator.BaseUri = new Uri(bound + "/");
        return emulator;
    }

    /// <summary>
    /// The next request (that <paramref name="when"/> matches, if given) is answered 403 with
    /// <c>x-ratelimit-remaining: 0</c> and a reset <paramref name="resetIn"/> from now (one second ago by default).
    /// </summary>
    public void InjectRateLimit(TimeSpan? resetIn = null, Func<HttpRequest, bool>? when = null) => Inject(when, async response =>
    {
        response.StatusCode = 403;
        response.Headers["x-ratelimit-limit"] = "5000";
        response.Headers["x-ratelimit-remaining"] = "0";
        response.Headers["x-ratelimit-reset"] = Clock.GetUtcNow().Add(resetIn ?? TimeSpan.FromSeconds(-1)).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        await response.WriteAsJsonAsync(new { message = "API rate limit exceeded", documentation_url = "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api" });
    });

    /// <summary>The next request (that <paramref name="when"/> matches) is answered 403 (or <paramref name="status"/>) with a <c>Retry-After</c> (a secondary rate limit).</summary>
    public void InjectRetryAfter(int seconds, Func<HttpRequest, bool>? when = null, int status = 403) => Inject(when, async response =>
    {
        response.StatusCode = status;
        response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await response.WriteAsJsonAsync(new { message = "You have exceeded a secondary rate limit." });
    });

    /// <summary>The next request (that <paramref name="when"/> matches) is answered 403 with no rate-limit header at all.</summary>
    public void InjectBareForbidden(Func<HttpRequest, bool>? when = null) => Inject(when, async response =>
    {
        response.StatusCode = 403;
        await response.WriteAsJsonAsync(new { message = "You have exceeded a secondary rate limit. Please wait a few minutes before you try again." });
    });

    /// <summary>The next <paramref name="count"/> requests are answered with <paramref name="status"/>.</summary>
    public void InjectStatus(int status, int count = 1)
    {
        for (var i = 0; i < count; i++)
        {
            Inject(null, async response =>
            {
                response.StatusCode = status;
                await response.WriteAsJsonAsync(new { message = "Server Error" });
            });
        }
    }

    /// <summary>Matches requests by method and a path fragment, for the injectors.</summary>
    public static Func<HttpRequest, bool> Matching(string method, string pathContains) =>
        r => r.Method == method && (r.Path.Value ?? "").Contains(pathContains, StringComparison.Ordinal);

    /// <summary>
    /// The next request that <paramref name="when"/> matches gets no answer until the client gives up on it;
    /// <c>Arrived</c> completes when it comes in, <c>Aborted</c> when the client closes it.
    /// </summary>
    public (Task Arrived, Task Aborted) InjectHang(Func<HttpRequest, bool> when)
    {
        var arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var aborted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Inject(when, async response =>
        {
            arrived.SetResult();
            try
            {
                await Task.Delay(Timeout.Infinite, response.HttpContext.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                aborted.SetResult();
            }
        });
        return (arrived.Task, aborted.Task);
    }

    /// <summary>
    /// The next request that <paramref name="when"/> matches is held once it has come in until <paramref name="release"/>
    /// completes, then answered as usual; the task returned completes when it comes in.
    /// </summary>
    public Task InjectHold(Func<HttpRequest, bool> when, Task release)
    {
        var arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            _holds.Add((when, arrived, release));
        }

        return arrived.Task;
    }

    /// <summary>The next request (that <paramref name="when"/> matches) is answered by <paramref name="answer"/>.</summary>
    public void Inject(Func<HttpRequest, bool>? when, Func<HttpResponse, Task> answer)
    {
        lock (_gate)
        {
            _faults.Add((when ?? (_ => true), answer));
        }
    }

    private Func<HttpResponse, Task>? TakeFault(HttpRequest request)
    {
        lock (_gate)
        {
            var index = _faults.FindIndex(f => f.When(request));
            if (index < 0)
            {
                return null;
            }

            var answer = _faults[index].Answer;
            _faults.RemoveAt(index);
            return answer;
        }
    }

    private (TaskCompletionSource Arrived, Task Release)? TakeHold(HttpRequest request)
    {
        lock (_gate)
        {
            var index = _holds.FindIndex(h => h.When(request));
            if (index < 0)
            {
                return null;
            }

            var (_, arrived, release) = _holds[index];
            _holds.RemoveAt(index);
            return (arrived, release);
        }
    }

    public EmulatedPullRequest OpenPullRequest(int number, string headRef, string headSha, string baseRef, string baseSha)
    {
        var pr = new EmulatedPullRequest(number, headRef, headSha, baseRef, baseSha);
        SetPullRequest(pr);
        return pr;
    }

    public void SetPullRequest(EmulatedPullRequest pr)
    {
        lock (_gate)
        {
            PullRequests.RemoveAll(p => (int)p["number"]! == pr.Number);
            PullRequests.Add(pr.ToJson());
        }
    }

    /// <summary>Closes pull request <paramref name="number"/>, as merging it does: it is no longer listed as open.</summary>
    public void ClosePullRequest(int number)
    {
        lock (_gate)
        {
            PullRequests.RemoveAll(p => (int)p["number"]! == number);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private void Map(WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            Requests.Enqueue($"{context.Request.Method} {context.Request.Path}");
            UserAgents.Enqueue(context.Request.Headers.UserAgent.ToString());
            if (TakeHold(context.Request) is { } hold)
            {
                hold.Arrived.SetResult();
                await hold.Release;
            }

            if (TakeFault(context.Request) is { } fault)
            {
                await fault(context.Response);
                return;
            }

            var path = context.Request.Path.Value ?? "";
            if (path != "/app" && !path.StartsWith("/app/", StringComparison.Ordinal) && !Authorized(context.Request))
            {
                context.Response.StatusCode = 401;
                await context.Response.WriteAsJsonAsync(new { message = "Bad credentials" });
                return;
            }

            await next(context);
        });
        GitHubEmulatorRoutes.Map(app, this);
    }

    private bool Authorized(HttpRequest request) => LoginOf(request) is not null;

    /// <summary>Who a request authenticates as: the token's user, the app's bot for an installation token, or null.</summary>
    internal string? LoginOf(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        var token = header.StartsWith("Bearer ", StringComparison.Ordinal) ? header[7..]
            : header.StartsWith("token ", StringComparison.Ordinal) ? header[6..] : "";
        return token == Token ? UserLogin : InstallationTokens.ContainsKey(token) ? AppSlug + "[bot]" : null;
    }

    /// <summary>GitHub's pagination: <paramref name="all"/> cut to one page, with a <c>Link</c> header naming the next and last.</summary>
    internal static IEnumerable<T> Page<T>(HttpContext context, IReadOnlyList<T> all, int? perPage, int? page)
    {
        var size = Math.Clamp(perPage ?? 30, 1, 100);
        var current = Math.Max(page ?? 1, 1);
        var last = Math.Max(1, (all.Count + size - 1) / size);
        if (current < last)
        {
            var request = context.Request;
            string Url(int p) => $"{request.Scheme}://{request.Host}{request.Path}?{string.Join('&', request.Query.Where(q => q.Key != "page").Select(q => $"{q.Key}={q.Value}"))}&page={p}";
            context.Response.Headers["Link"] = $"<{Url(current + 1)}>; rel=\"next\", <{Url(last)}>; rel=\"last\"";
        }

        return all.Skip((current - 1) * size).Take(size);
    }

    internal long NextId() => Interlocked.Increment(ref _nextId);

    internal Lock Gate => _gate;

    internal static IResult Unprocessable(string message) =>
        Results.Json(new { message, documentation_url = "https://docs.github.com/rest" }, statusCode: (int)HttpStatusCode.UnprocessableEntity);

    internal static async Task<JsonObject> ReadBodyAsync(HttpRequest request) =>
        (await JsonSerializer.DeserializeAsync<JsonObject>(request.Body)) ?? [];
}
