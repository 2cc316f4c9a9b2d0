using System.Runtime.Serialization;
using GitGateway.Renderer.Diagnostics;
using Polly;
using Octo = Octokit;

namespace GitGateway.Reconciler.GitHub;

/// <summary>
/// A narrow, typed client for the GitHub REST endpoints the reconciler uses: issue comments, commit statuses,
/// check runs and pull requests, sent through Octokit's <see cref="Octo.IConnection"/> (its endpoint URLs, models,
/// JSON, <c>Link</c> parsing and typed errors). Every call goes through the retry pipeline (rate limits, 5xx) and is
/// bound to its <see cref="CancellationToken"/> (<see cref="GitHubSession"/>); errors name the method, path and
/// status, never a header or token. https://docs.github.com/en/rest
/// </summary>
internal sealed class GitHubClient
{
    /// <summary>GitHub accepts at most 50 annotations per check-run request.</summary>
    public const int AnnotationBatchSize = 50;

    /// <summary>GitHub rejects comment bodies longer than this.</summary>
    public const int MaxCommentLength = 65536;

    /// <summary>At most this many pages (of 100) are read from one listing: 10,000 pull requests or comments.</summary>
    public const int MaxPages = 100;

    private const int PageSize = 100;

    /// <summary>The media type GitHub documents for requests (Octokit's default is the older v3 one).</summary>
    private const string Accept = "application/vnd.github+json";

    /// <summary>Every body we send is JSON (Octokit labels a body form-encoded unless told).</summary>
    private const string Json = "application/json";
    private readonly HttpClient _http;
    private readonly Uri _apiBase;
    private readonly IGitHubTokenSource _tokens;
    private readonly ResiliencePipeline _pipeline;
    private readonly ILogger<GitHubClient> _logger;
    private readonly TimeProvider _time;
    private readonly ContentPacer _pacer;
    private string? _login;

    public GitHubClient(HttpClient http, Uri apiBase, IGitHubTokenSource tokens, TimeProvider time, ILogger<GitHubClient> logger, TimeSpan? maxRateLimitWait = null)
        : this(http, apiBase, tokens, GitHubRetryPolicy.Create(time, maxRetries: 4, TimeSpan.FromMilliseconds(200), maxRateLimitWait), logger, time)
    {
    }

    public GitHubClient(HttpClient http, Uri apiBase, IGitHubTokenSource tokens, ResiliencePipeline pipeline, ILogger<GitHubClient> logger, TimeProvider? time = null)
    {
        _http = http;
        _apiBase = GitHubPages.WithTrailingSlash(apiBase);
        _tokens = tokens;
        _pipeline = pipeline;
        _logger = logger;
        _time = time ?? TimeProvider.System;
        _pacer = new ContentPacer(_time);
    }

    public bool IsApp => _tokens.IsApp;

    public async Task<List<IssueComment>> ListIssueCommentsAsync(GitHubRepo repo, int number, CancellationToken cancellationToken) =>
        [.. (await GetAllPagesAsync<Octo.IssueComment>(Octo.ApiUrls.IssueComments(repo.Owner, repo.Name, number), [], cancellationToken)).Select(Map)];

    public async Task<IssueComment> CreateIssueCommentAsync(GitHubRepo repo, int number, string body, CancellationToken cancellationToken) =>
        Map(await SendAsync(HttpMethod.Post, Octo.ApiUrls.IssueComments(repo.Owner, repo.Name, number), (c, uri, ct) => c.Post<Octo.IssueComment>(uri, new Octo.BodyWrapper(body), Accept, Json, cancellationToken: ct), cancellationToken));

    // Octokit 14 has no PATCH overload that takes a CancellationToken; the session's handler binds the request to it.
    public async Task<IssueComment> UpdateIssueCommentAsync(GitHubRepo repo, long commentId, string body, CancellationToken cancellationToken) =>
        Map(await SendAsync(HttpMethod.Patch, Octo.ApiUrls.IssueComment(repo.Owner, repo.Name, commentId), (c, uri, _) => c.Patch<Octo.IssueComment>(uri, new Octo.BodyWrapper(body), Accept), cancellationToken));

    /// <summary>
    /// Edits our comment that carries <paramref name="marker"/>, or creates one: one comment per pull request. Ours
    /// means written by the user we authenticate as; a comment by anyone else is never edited, even when it quotes
    /// the marker.
    /// </summary>
    public async Task<IssueComment> UpsertMarkedCommentAsync(GitHubRepo repo, int number, string marker, string body, CancellationToken cancellationToken)
    {
        var login = await GetLoginAsync(cancellationToken);
        var comments = await ListIssueCommentsAsync(repo, number, cancellationToken);
        var ours = comments.FirstOrDefault(c =>
            string.Equals(c.User?.Login, login, StringComparison.OrdinalIgnoreCase) && c.Body.Contains(marker, StringComparison.Ordinal));
        return ours is null
            ? await CreateIssueCommentAsync(repo, number, body, cancellationToken)
            : ours.Body == body ? ours : await UpdateIssueCommentAsync(repo, ours.Id, body, cancellationToken);
    }

    /// <summary>
    /// The login our comments carry: the token's user (<c>GET /user</c>), or for a GitHub App its bot user,
    /// <c>&lt;slug&gt;[bot]</c> (<c>GET /app</c> with the app JWT). Asked once.
    /// </summary>
    public async Task<string> GetLoginAsync(CancellationToken cancellationToken)
    {
        if (_login is { } known)
        {
            return known;
        }

        _login = _tokens is AppTokenSource app
            ? (await SendAsync(HttpMethod.Get, Octo.ApiUrls.App(), (c, uri, ct) => c.Get<Octo.GitHubApp>(uri, null, Accept, ct), cancellationToken, app.CreateAppJwt())).Slug + "[bot]"
            : (await SendAsync(HttpMethod.Get, new Uri("user", UriKind.Relative), (c, uri, ct) => c.Get<Octo.User>(uri, null, Accept, ct), cancellationToken)).Login;
        return _login;
    }

    /// <summary>Sets a commit status; <paramref name="state"/> is error, failure, pending or success.</summary>
    public Task CreateCommitStatusAsync(GitHubRepo repo, string sha, string state, string context, string description, string? targetUrl, CancellationToken cancellationToken)
    {
        // GitHub truncates nothing itself: a description over 140 characters is a 422.
        var status = new Octo.NewCommitStatus
        {
            State = Enum.Parse<Octo.CommitState>(state, ignoreCase: true),
            Context = context,
            Description = DisplayText.Shorten(description, 140), // never halves an emoji
            TargetUrl = targetUrl,
        };
        return SendAsync(HttpMethod.Post, Octo.ApiUrls.CreateCommitStatus(repo.Owner, repo.Name, sha), (c, uri, ct) => c.Post<Octo.CommitStatus>(uri, status, Accept, Json, cancellationToken: ct), cancellationToken);
    }

    /// <summary>
    /// Creates a check run, completed with <paramref name="conclusion"/>, or in progress when it is null (a commit
    /// waiting: <see cref="UpdateCheckRunAsync"/> completes the same run later); annotations beyond the first 50 are
    /// appended by updating the run in batches of 50, as GitHub documents for the Checks API.
    /// <paramref name="detailsUrl"/> is the run's "Details" link.
    /// </summary>
    public async Task<CheckRun> CreateCheckRunAsync(GitHubRepo repo, string name, string headSha, string? conclusion, CheckRunOutput output, CancellationToken cancellationToken, string? detailsUrl = null)
    {
        var annotations = output.Annotations ?? [];
        var create = new Octo.NewCheckRun(name, headSha)
        {
            Status = conclusion is null ? Octo.CheckStatus.InProgress : Octo.CheckStatus.Completed,
            Output = output.ToOctokit(annotations.Take(AnnotationBatchSize)),
            DetailsUrl = detailsUrl,
        };
        if (conclusion is not null)
        {
            create.Conclusion = conclusion;
        }

        var run = await SendAsync(HttpMethod.Post, Octo.ApiUrls.CheckRuns(repo.Owner, repo.Name), (c, uri, ct) => c.Post<Octo.CheckRun>(uri, create, Accept, Json, cancellationToken: ct), cancellationToken);
        await AppendAnnotationsAsync(repo, run.Id, output, cancellationToken);
        return new CheckRun(run.Id, run.Name, run.HeadSha, run.Status.StringValue, run.Conclusion?.StringValue);
    }

    /// <summary>
    /// Updates the check run <paramref name="id"/> in place: completed with <paramref name="conclusion"/>, or still in
    /// progress when it is null, with a new title, summary and text. GitHub appends annotations to those the run has.
    /// </summary>
    public async Task UpdateCheckRunAsync(GitHubRepo repo, long id, string? conclusion, CheckRunOutput output, CancellationToken cancellationToken, string? detailsUrl = null)
    {
        var annotations = output.Annotations ?? [];
        var update = new Octo.CheckRunUpdate
        {
            Status = conclusion is null ? Octo.CheckStatus.InProgress : Octo.CheckStatus.Completed,
            Output = output.ToOctokit(annotations.Take(AnnotationBatchSize)),
            DetailsUrl = detailsUrl,
        };
        if (conclusion is not null)
        {
            update.Conclusion = conclusion;
        }

        await SendAsync(HttpMethod.Patch, Octo.ApiUrls.CheckRun(repo.Owner, repo.Name, id), (c, uri, _) => c.Patch<Octo.CheckRun>(uri, update, Accept), cancellationToken);
        await AppendAnnotationsAsync(repo, id, output, cancellationToken);
    }

    private async Task AppendAnnotationsAsync(GitHubRepo repo, long id, CheckRunOutput output, CancellationToken cancellationToken)
    {
        var annotations = output.Annotations ?? [];
        for (var offset = AnnotationBatchSize; offset < annotations.Count; offset += AnnotationBatchSize)
        {
            var update = new Octo.CheckRunUpdate { Output = output.ToOctokit(annotations.Skip(offset).Take(AnnotationBatchSize)) };
            await SendAsync(HttpMethod.Patch, Octo.ApiUrls.CheckRun(repo.Owner, repo.Name, id), (c, uri, _) => c.Patch<Octo.CheckRun>(uri, update, Accept), cancellationToken);
        }
    }

    /// <summary>Every open pull request, page after page as Octokit reads GitHub's <c>Link</c> header.</summary>
    public async Task<List<PullRequest>> ListOpenPullRequestsAsync(GitHubRepo repo, CancellationToken cancellationToken) =>
        [.. (await GetAllPagesAsync<Octo.PullRequest>(Octo.ApiUrls.PullRequests(repo.Owner, repo.Name), new() { ["state"] = "open" }, cancellationToken)).Select(Map)];

    public async Task<PullRequest> GetPullRequestAsync(GitHubRepo repo, int number, CancellationToken cancellationToken)
    {
        var uri = Octo.ApiUrls.PullRequest(repo.Owner, repo.Name, number);
        return Map(await SendAsync(HttpMethod.Get, uri, (c, u, ct) => c.Get<Octo.PullRequest>(u, null, Accept, ct), cancellationToken));
    }

    private async Task<List<T>> GetAllPagesAsync<T>(Uri first, Dictionary<string, string> parameters, CancellationToken cancellationToken)
    {
        var all = new List<T>();
        parameters["per_page"] = PageSize.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Uri? next = first;
        for (var page = 0; next is not null; page++)
        {
            if (page == MaxPages)
            {
                throw new GitHubApiException($"GET /{first}: more than {MaxPages} pages", null);
            }

            var query = page == 0 ? parameters : null; // the next page's URL carries its own query
            var response = await SendResponseAsync(HttpMethod.Get, next, (c, uri, ct) => c.Get<List<T>>(uri, query, Accept, ct), null, cancellationToken);
            all.AddRange(response.Body ?? []);
            next = GitHubPages.Next(response.HttpResponse, _apiBase, _logger);
        }

        return all;
    }

    /// <summary>One call whose answer must have a body (every endpoint here but a listing's empty page).</summary>
    private async Task<T> SendAsync<T>(HttpMethod method, Uri uri, Func<Octo.IConnection, Uri, CancellationToken, Task<Octo.IApiResponse<T>>> call, CancellationToken cancellationToken, string? bearer = null)
        where T : class
    {
        var response = await SendResponseAsync(method, uri, call, bearer, cancellationToken);
        return response.Body ?? throw new GitHubApiException($"{What(method, uri)}: empty body", response.HttpResponse.StatusCode);
    }

    /// <summary>
    /// One Octokit call through the retry pipeline, each attempt in its own <see cref="GitHubSession"/>; a
    /// content-creating attempt first takes its slot from the <see cref="ContentPacer"/>. Octokit's errors become
    /// <see cref="GitHubApiException"/>s the write queue understands.
    /// </summary>
    private async Task<Octo.IApiResponse<T>> SendResponseAsync<T>(HttpMethod method, Uri uri, Func<Octo.IConnection, Uri, CancellationToken, Task<Octo.IApiResponse<T>>> call, string? bearer, CancellationToken cancellationToken)
    {
        var what = What(method, uri);
        var token = bearer ?? await _tokens.GetTokenAsync(cancellationToken);
        try
        {
            return await _pipeline.ExecuteAsync(
                async ct =>
                {
                    if (ContentPacer.IsContentCreating(method) && _pacer.Reserve() is { } pace && pace > TimeSpan.Zero)
                    {
                        await Task.Delay(pace, _time, ct);
                    }

                    using var session = new GitHubSession(_http, _apiBase, token, _logger, ct);
                    return await call(session.Connection, uri, ct);
                },
                cancellationToken);
        }
        catch (Octo.ApiException e)
        {
            throw GitHubApiException.From(e, what, _time);
        }
        catch (HttpRequestException e)
        {
            // The message names only the host; the token is never part of it.
            throw new GitHubApiException($"{what}: {e.Message}", null, e);
        }
        catch (InvalidDataException e)
        {
            throw new GitHubApiException($"{what}: {e.Message}", System.Net.HttpStatusCode.OK);
        }
        catch (Exception e) when (e is SerializationException or InvalidCastException or FormatException or OverflowException)
        {
            // Octokit's JSON reader on a 2xx answer that is not what GitHub documents: sending it again would not
            // help (and a write may have been done), so it counts as answered, not as transient.
            throw new GitHubApiException($"{what}: unreadable answer ({e.GetType().Name})", System.Net.HttpStatusCode.OK);
        }
    }

    private static string What(HttpMethod method, Uri uri) =>
        $"{method} /{(uri.IsAbsoluteUri ? uri.AbsolutePath.TrimStart('/') : uri.OriginalString.Split('?')[0])}";

    private static IssueComment Map(Octo.IssueComment c) =>
        new(c.Id, c.Body ?? "", c.HtmlUrl, c.User?.Login is { } login ? new GitHubUser(login) : null);

    private static PullRequest Map(Octo.PullRequest p) =>
        new(p.Number, p.State.StringValue, p.Title, new PullRequestRef(p.Head?.Ref ?? "", p.Head?.Sha ?? ""), new PullRequestRef(p.Base?.Ref ?? "", p.Base?.Sha ?? ""));
}
