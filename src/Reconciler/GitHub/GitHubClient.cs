using System.Net.Http.Headers;
using System.Text.Json;
using Polly;

namespace GitGateway.Reconciler.GitHub;

/// <summary>
/// A narrow, typed client for the GitHub REST endpoints the reconciler uses: issue comments, commit statuses,
/// check runs and pull requests. Every call goes through the retry pipeline (rate limits, 5xx); errors name the
/// method, path and status, never a header or token. https://docs.github.com/en/rest
/// </summary>
internal sealed partial class GitHubClient
{
    /// <summary>GitHub accepts at most 50 annotations per check-run request.</summary>
    public const int AnnotationBatchSize = 50;

    /// <summary>GitHub rejects comment bodies longer than this.</summary>
    public const int MaxCommentLength = 65536;

    /// <summary>At most this many pages (of 100) are read from one listing: 10,000 pull requests or comments.</summary>
    public const int MaxPages = 100;

    private const int PageSize = 100;
    private readonly HttpClient _http;
    private readonly Uri _apiBase;
    private readonly IGitHubTokenSource _tokens;
    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;
    private readonly ILogger<GitHubClient> _logger;
    private readonly TimeProvider _time;
    private readonly ContentPacer _pacer;
    private string? _login;

    public GitHubClient(HttpClient http, Uri apiBase, IGitHubTokenSource tokens, TimeProvider time, ILogger<GitHubClient> logger, TimeSpan? maxRateLimitWait = null)
        : this(http, apiBase, tokens, GitHubRetryPolicy.Create(time, maxRetries: 4, TimeSpan.FromMilliseconds(200), maxRateLimitWait), logger, time)
    {
    }

    public GitHubClient(HttpClient http, Uri apiBase, IGitHubTokenSource tokens, ResiliencePipeline<HttpResponseMessage> pipeline, ILogger<GitHubClient> logger, TimeProvider? time = null)
    {
        _http = http;
        _apiBase = apiBase.AbsoluteUri.EndsWith('/') ? apiBase : new Uri(apiBase.AbsoluteUri + "/");
        _tokens = tokens;
        _pipeline = pipeline;
        _logger = logger;
        _time = time ?? TimeProvider.System;
        _pacer = new ContentPacer(_time);
    }

    public bool IsApp => _tokens.IsApp;

    public Task<List<IssueComment>> ListIssueCommentsAsync(GitHubRepo repo, int number, CancellationToken cancellationToken) =>
        GetAllPagesAsync<IssueComment>($"repos/{repo}/issues/{number}/comments?per_page={PageSize}", cancellationToken);

    public Task<IssueComment> CreateIssueCommentAsync(GitHubRepo repo, int number, string body, CancellationToken cancellationToken) =>
        SendAsync<IssueComment>(HttpMethod.Post, $"repos/{repo}/issues/{number}/comments", new { body }, cancellationToken);

    public Task<IssueComment> UpdateIssueCommentAsync(GitHubRepo repo, long commentId, string body, CancellationToken cancellationToken) =>
        SendAsync<IssueComment>(HttpMethod.Patch, $"repos/{repo}/issues/comments/{commentId}", new { body }, cancellationToken);

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
            ? (await SendAsync<GitHubApp>(HttpMethod.Get, "app", null, cancellationToken, app.CreateAppJwt())).Slug + "[bot]"
            : (await SendAsync<GitHubUser>(HttpMethod.Get, "user", null, cancellationToken)).Login;
        return _login;
    }

    /// <summary>Sets a commit status; <paramref name="state"/> is error, failure, pending or success.</summary>
    public Task CreateCommitStatusAsync(GitHubRepo repo, string sha, string state, string context, string description, string? targetUrl, CancellationToken cancellationToken)
    {
        // GitHub truncates nothing itself: a description over 140 characters is a 422.
        var shortDescription = description.Length <= 140 ? description : description[..139] + "…";
        return SendAsync<JsonElement>(HttpMethod.Post, $"repos/{repo}/statuses/{sha}", new { state, context, description = shortDescription, target_url = targetUrl }, cancellationToken);
    }

    /// <summary>
    /// Creates a completed check run; annotations beyond the first 50 are appended by updating the run in
    /// batches of 50, as GitHub documents for the Checks API.
    /// </summary>
    public async Task<CheckRun> CreateCheckRunAsync(GitHubRepo repo, string name, string headSha, string conclusion, CheckRunOutput output, CancellationToken cancellationToken)
    {
        var annotations = output.Annotations ?? [];
        var first = output with { Annotations = annotations.Take(AnnotationBatchSize).ToList() };
        var run = await SendAsync<CheckRun>(HttpMethod.Post, $"repos/{repo}/check-runs",
            new { name, head_sha = headSha, status = "completed", conclusion, output = first }, cancellationToken);
        for (var offset = AnnotationBatchSize; offset < annotations.Count; offset += AnnotationBatchSize)
        {
            var batch = output with { Annotations = annotations.Skip(offset).Take(AnnotationBatchSize).ToList() };
            await SendAsync<CheckRun>(HttpMethod.Patch, $"repos/{repo}/check-runs/{run.Id}", new { output = batch }, cancellationToken);
        }

        return run;
    }

    /// <summary>Every open pull request, page after page as the <c>Link</c> header leads.</summary>
    public Task<List<PullRequest>> ListOpenPullRequestsAsync(GitHubRepo repo, CancellationToken cancellationToken) =>
        GetAllPagesAsync<PullRequest>($"repos/{repo}/pulls?state=open&per_page={PageSize}", cancellationToken);

    public Task<PullRequest> GetPullRequestAsync(GitHubRepo repo, int number, CancellationToken cancellationToken) =>
        SendAsync<PullRequest>(HttpMethod.Get, $"repos/{repo}/pulls/{number}", null, cancellationToken);

    internal static void AddStandardHeaders(HttpRequestMessage request)
    {
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/vnd.github+json"));
        request.Headers.Add("X-GitHub-Api-Version", "2022-11-28");
        request.Headers.UserAgent.Add(new ProductInfoHeaderValue("gitgateway", "1.0"));
    }

    private async Task<List<T>> GetAllPagesAsync<T>(string path, CancellationToken cancellationToken)
    {
        var all = new List<T>();
        var what = $"GET /{path.Split('?')[0]}";
        Uri? next = new(_apiBase, path);
        for (var page = 0; next is not null; page++)
        {
            if (page == MaxPages)
            {
                throw new GitHubApiException($"{what}: more than {MaxPages} pages", null);
            }

            var (batch, link) = await SendAsync<List<T>>(HttpMethod.Get, next, what, null, null, cancellationToken);
            all.AddRange(batch);
            next = link;
        }

        return all;
    }

    private async Task<T> SendAsync<T>(HttpMethod method, string path, object? body, CancellationToken cancellationToken, string? bearer = null) =>
        (await SendAsync<T>(method, new Uri(_apiBase, path), $"{method} /{path.Split('?')[0]}", body, bearer, cancellationToken)).Body;

    private async Task<(T Body, Uri? Next)> SendAsync<T>(HttpMethod method, Uri uri, string what, object? body, string? bearer, CancellationToken cancellationToken)
    {
        var token = bearer ?? await _tokens.GetTokenAsync(cancellationToken);
        if (ContentPacer.IsContentCreating(method) && _pacer.Reserve() is { } pace && pace > TimeSpan.Zero)
        {
            await Task.Delay(pace, _time, cancellationToken);
        }

        HttpResponseMessage response;
        try
        {
            response = await _pipeline.ExecuteAsync(
                async ct =>
                {
                    using var request = new HttpRequestMessage(method, uri);
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                    AddStandardHeaders(request);
                    if (body is not null)
                    {
                        request.Content = JsonContent.Create(body, options: GitHubJson.Options);
                    }

                    var answer = await _http.SendAsync(request, ct);
                    LogCall(_logger, what, (int)answer.StatusCode);
                    return answer;
                },
                cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            // The inner exception's message names only the host; the token is never part of it.
            throw new GitHubApiException($"{what}: {ex.Message}", null, ex);
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                throw new GitHubApiException(
                    $"{what}: {(int)response.StatusCode} {await ErrorMessageAsync(response, cancellationToken)}",
                    response.StatusCode,
                    GitHubRetryPolicy.RateLimitDelay(response, _time));
            }

            var parsed = await response.Content.ReadFromJsonAsync<T>(GitHubJson.Options, cancellationToken)
                ?? throw new GitHubApiException($"{what}: empty body", response.StatusCode);
            return (parsed, LinkHeader.Next(response, _apiBase));
        }
    }

    private static async Task<string> ErrorMessageAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
            return doc.RootElement.TryGetProperty("message", out var m) ? m.GetString() ?? "" : response.ReasonPhrase ?? "";
        }
        catch (JsonException)
        {
            return response.ReasonPhrase ?? "";
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "GitHub {Call} answered {Status}")]
    private static partial void LogCall(ILogger logger, string call, int status);
}
