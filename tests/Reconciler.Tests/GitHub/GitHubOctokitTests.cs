using System.Security.Cryptography;
using GitGateway.Reconciler.GitHub;
using GitGateway.Reconciler.Tests.Apply;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;

namespace GitGateway.Reconciler.Tests.GitHub;

/// <summary>
/// The client's calls go through Octokit (its User-Agent reaches the emulator) and keep our policy: pagination by
/// Octokit's reading of <c>Link</c>, rate limits from its typed errors and the headers behind them, App installation
/// tokens refreshed before they expire, and a cancelled call aborted on the wire, PATCH included.
/// </summary>
public sealed class GitHubOctokitTests : IAsyncLifetime
{
    private static readonly GitHubRepo Repo = new("acme", "routing");
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(20) };
    private GitHubEmulator _emulator = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _emulator = await GitHubEmulator.StartAsync();

    public async ValueTask DisposeAsync()
    {
        await _emulator.DisposeAsync();
        _http.Dispose();
    }

    [Fact]
    public async Task ListOpenPullRequests_101Open_ReadsTwoPagesThroughOctokit()
    {
        for (var n = 1; n <= 101; n++)
        {
            _emulator.OpenPullRequest(n, $"feature-{n}", $"sha{n}", "main", "base");
        }

        var prs = await Client().ListOpenPullRequestsAsync(Repo, Ct);

        Assert.Equal(Enumerable.Range(1, 101), prs.Select(p => p.Number));
        Assert.Equal("sha101", prs[^1].Head.Sha);
        Assert.Equal(2, _emulator.Requests.Count);
        Assert.All(_emulator.UserAgents, ua => Assert.Contains("Octokit", ua, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ListOpenPullRequests_NextPageOnAnotherOrigin_IsNotFollowed()
    {
        await using var elsewhere = await GitHubEmulator.StartAsync();
        _emulator.OpenPullRequest(1, "feature", "sha1", "main", "base");
        _emulator.Inject(GitHubEmulator.Matching("GET", "/pulls"), async response =>
        {
            response.Headers["Link"] = $"<{elsewhere.BaseUri}repos/acme/routing/pulls?page=2>; rel=\"next\"";
            await response.WriteAsJsonAsync(new[] { _emulator.PullRequests[0] });
        });

        var prs = await Client().ListOpenPullRequestsAsync(Repo, Ct);

        Assert.Equal(1, Assert.Single(prs).Number);
        Assert.Empty(elsewhere.Requests);
    }

    [Theory]
    [InlineData(403)]
    [InlineData(429)]
    public async Task Send_SecondaryLimitLongerThanTheLongestWait_FailsWithRetryAfter(int status)
    {
        _emulator.InjectRetryAfter(30, status: status);

        var ex = await Assert.ThrowsAsync<GitHubApiException>(() => Client().CreateCommitStatusAsync(Repo, "abc", "success", "gitgateway/plan", "ok", null, Ct));

        Assert.Equal(TimeSpan.FromSeconds(30), ex.RateLimitWait);
        Assert.Equal(status, (int)ex.StatusCode!);
        Assert.True(ex.IsTransient);
        Assert.Single(_emulator.Requests); // not waited out inside the call: the write queue holds for it
        Assert.Empty(_emulator.Statuses);
    }

    [Fact]
    public async Task Send_PrimaryLimitWithResetAhead_FailsWithTheWaitUntilReset()
    {
        _emulator.InjectRateLimit(resetIn: TimeSpan.FromMinutes(10));

        var ex = await Assert.ThrowsAsync<GitHubApiException>(() => Client().GetPullRequestAsync(Repo, 1, Ct));

        Assert.InRange(ex.RateLimitWait!.Value, TimeSpan.FromSeconds(590), TimeSpan.FromSeconds(600));
        Assert.Contains("API rate limit exceeded", ex.Message, StringComparison.Ordinal);
        Assert.Single(_emulator.Requests);
    }

    [Fact]
    public async Task Send_ForbiddenWithoutRateLimitHeaders_FailsWithNoWaitButMayBeALimit()
    {
        _emulator.InjectBareForbidden();

        var ex = await Assert.ThrowsAsync<GitHubApiException>(() => Client().GetPullRequestAsync(Repo, 1, Ct));

        Assert.Null(ex.RateLimitWait);
        Assert.True(ex.MayBeRateLimit);
        Assert.Equal(TimeSpan.FromMinutes(1), GitHubOutbox.Wait(ex, 1));
    }

    [Fact]
    public async Task AppTokenSource_TokenNearExpiry_IsRefreshedThroughOctokit()
    {
        using var rsa = RSA.Create(2048);
        var clock = new OffsetTimeProvider(DateTimeOffset.UtcNow);
        using var source = new AppTokenSource(_http, _emulator.BaseUri, "12345", 99, rsa.ExportPkcs8PrivateKeyPem(), clock);
        var client = new GitHubClient(_http, _emulator.BaseUri, source, clock, NullLogger<GitHubClient>.Instance);
        await client.CreateCommitStatusAsync(Repo, "abc", "pending", "gitgateway/plan", "rendering", null, Ct);
        var first = Assert.Single(_emulator.InstallationTokens).Key;

        // The emulator's tokens live an hour; GitHub would refuse the first one once it expired.
        clock.Advance(TimeSpan.FromMinutes(56));
        _emulator.InstallationTokens.TryRemove(first, out _);
        await client.CreateCommitStatusAsync(Repo, "abc", "success", "gitgateway/plan", "ok", null, Ct);

        Assert.Equal(2, _emulator.Statuses.Count);
        Assert.NotEqual(first, Assert.Single(_emulator.InstallationTokens).Key);
        Assert.Equal(2, _emulator.Requests.Count(r => r.EndsWith("/access_tokens", StringComparison.Ordinal)));
        Assert.All(_emulator.UserAgents, ua => Assert.Contains("Octokit", ua, StringComparison.Ordinal));
    }

    [Fact]
    public async Task UpdateIssueComment_Cancelled_AbortsTheRequestOnTheWire()
    {
        var comment = _emulator.AddComment(5, _emulator.UserLogin, "before");
        var (arrived, aborted) = _emulator.InjectHang(GitHubEmulator.Matching("PATCH", "/issues/comments/"));
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        using var patient = new HttpClient { Timeout = TimeSpan.FromMinutes(5) }; // only the token can end the call
        var client = new GitHubClient(patient, _emulator.BaseUri, new StaticTokenSource(_emulator.Token), TimeProvider.System, NullLogger<GitHubClient>.Instance);

        var update = client.UpdateIssueCommentAsync(Repo, comment.Id, "after", cts.Token);
        await arrived.WaitAsync(TimeSpan.FromSeconds(15), Ct);
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => update.WaitAsync(TimeSpan.FromSeconds(15), Ct));
        await aborted.WaitAsync(TimeSpan.FromSeconds(15), Ct);
        Assert.Equal("before", comment.Body);
    }

    [Theory]
    [InlineData("[{\"number\": 1,")]
    [InlineData("{\"number\": \"one\", \"head\": []}")]
    [InlineData("\"just a string\"")]
    [InlineData("DEEP")]
    public async Task GetPullRequest_AnswerNotAsDocumented_FailsAsAGitHubError(string body)
    {
        _emulator.Inject(GitHubEmulator.Matching("GET", "/pulls/1"), async response =>
        {
            response.ContentType = "application/json";
            await response.WriteAsync(body == "DEEP" ? new string('[', 200_000) : body); // Octokit's parser would overflow the stack
        });

        var ex = await Assert.ThrowsAsync<GitHubApiException>(() => Client().GetPullRequestAsync(Repo, 1, Ct));

        Assert.Contains("GET /repos/acme/routing/pulls/1", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateIssueComment_RefusalWithADeeplyNestedBody_KeepsItsStatus()
    {
        _emulator.Inject(GitHubEmulator.Matching("POST", "/comments"), async response =>
        {
            response.StatusCode = 422;
            response.ContentType = "application/json";
            await response.WriteAsync(new string('{', 1) + "\"message\":" + new string('[', 200_000));
        });

        var ex = await Assert.ThrowsAsync<GitHubApiException>(() => Client().CreateIssueCommentAsync(Repo, 3, "hello", Ct));

        Assert.Equal(System.Net.HttpStatusCode.UnprocessableEntity, ex.StatusCode);
        Assert.False(ex.IsTransient);
    }

    [Fact]
    public async Task GetPullRequest_AnswerBrokenOff_IsAskedAgain()
    {
        _emulator.OpenPullRequest(4, "feature", "bbb", "main", "aaa");
        _emulator.Inject(GitHubEmulator.Matching("GET", "/pulls/4"), async response =>
        {
            response.ContentType = "application/json";
            response.ContentLength = 1000;
            await response.WriteAsync("{\"number\": 4,");
            await response.Body.FlushAsync();
            response.HttpContext.Abort();
        });

        var pr = await Client().GetPullRequestAsync(Repo, 4, Ct);

        Assert.Equal("bbb", pr.Head.Sha);
        Assert.Equal(2, _emulator.Requests.Count);
    }

    [Fact]
    public async Task ListOpenPullRequests_AnswerOverTheLimit_FailsWithoutBufferingIt()
    {
        _emulator.Inject(GitHubEmulator.Matching("GET", "/pulls"), async response =>
        {
            response.ContentType = "application/json";
            var chunk = new byte[1024 * 1024];
            for (var i = 0; i <= GitHubHttpHandler.MaxAnswerBytes / chunk.Length; i++)
            {
                await response.Body.WriteAsync(chunk, response.HttpContext.RequestAborted);
            }
        });

        var ex = await Assert.ThrowsAsync<GitHubApiException>(() => Client().ListOpenPullRequestsAsync(Repo, Ct));

        Assert.Contains("GET /repos/acme/routing/pulls: the answer is larger than", ex.Message, StringComparison.Ordinal);
        Assert.False(ex.IsTransient);
        Assert.Single(_emulator.Requests); // not asked again: the same answer would come back
    }

    private GitHubClient Client() => new(_http, _emulator.BaseUri, new StaticTokenSource(_emulator.Token), TimeProvider.System, NullLogger<GitHubClient>.Instance, maxRateLimitWait: TimeSpan.FromSeconds(5));
}
