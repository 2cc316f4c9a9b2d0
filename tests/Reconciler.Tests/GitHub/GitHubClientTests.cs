using System.Collections.Concurrent;
using System.Diagnostics;
using System.IdentityModel.Tokens.Jwt;
using System.Security.Cryptography;
using GitGateway.Reconciler.GitHub;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.IdentityModel.Tokens;

namespace GitGateway.Reconciler.Tests.GitHub;

public sealed class GitHubClientTests : IAsyncLifetime
{
    private static readonly GitHubRepo Repo = new("acme", "routing");
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(20) };
    private GitHubEmulator _emulator = null!;

    public async ValueTask InitializeAsync() => _emulator = await GitHubEmulator.StartAsync();

    public async ValueTask DisposeAsync()
    {
        await _emulator.DisposeAsync();
        _http.Dispose();
    }

    [Fact]
    public async Task UpsertMarkedComment_CalledTwice_EditsTheSameComment()
    {
        var client = Client();
        var first = await client.UpsertMarkedCommentAsync(Repo, 7, "<!-- m -->", "<!-- m -->\nfirst", Ct);
        var second = await client.UpsertMarkedCommentAsync(Repo, 7, "<!-- m -->", "<!-- m -->\nsecond", Ct);

        Assert.Equal(first.Id, second.Id);
        var comment = Assert.Single(_emulator.Comments[7]);
        Assert.Equal("<!-- m -->\nsecond", comment.Body);
        Assert.Equal(1, comment.Edits);
    }

    [Fact]
    public async Task UpsertMarkedComment_OursOnSecondPage_FindsIt()
    {
        var client = Client();
        for (var i = 0; i < 120; i++)
        {
            _emulator.AddComment(3, "someone", $"chatter {i}");
        }

        _emulator.AddComment(3, _emulator.UserLogin, "<!-- m -->\nours");

        await client.UpsertMarkedCommentAsync(Repo, 3, "<!-- m -->", "<!-- m -->\nedited", Ct);

        Assert.Equal(121, _emulator.Comments[3].Count);
        Assert.Equal("<!-- m -->\nedited", _emulator.Comments[3][^1].Body);
    }

    [Fact]
    public async Task UpsertMarkedComment_ForeignCommentCarriesTheMarker_LeftUntouched()
    {
        var foreign = _emulator.AddComment(9, "mallory", "<!-- m -->\nlooks like the bot's");

        await Client().UpsertMarkedCommentAsync(Repo, 9, "<!-- m -->", "<!-- m -->\nplan", Ct);
        await Client().UpsertMarkedCommentAsync(Repo, 9, "<!-- m -->", "<!-- m -->\nplan, edited", Ct);

        Assert.Equal("<!-- m -->\nlooks like the bot's", foreign.Body);
        Assert.Equal(0, foreign.Edits);
        Assert.Equal(0, _emulator.ForeignEdits);
        var ours = Assert.Single(_emulator.Comments[9], c => c.Login == _emulator.UserLogin);
        Assert.Equal("<!-- m -->\nplan, edited", ours.Body);
    }

    [Fact]
    public async Task ListOpenPullRequests_250Open_ReadsEveryPage()
    {
        for (var n = 1; n <= 250; n++)
        {
            _emulator.OpenPullRequest(n, $"feature-{n}", $"sha{n}", "main", "base");
        }

        var prs = await Client().ListOpenPullRequestsAsync(Repo, Ct);

        Assert.Equal(Enumerable.Range(1, 250), prs.Select(p => p.Number));
        Assert.Equal(3, _emulator.Requests.Count(r => r.EndsWith("/pulls", StringComparison.Ordinal)));
    }

    [Fact]
    public void NextPage_OnAnotherHostOrOutsideTheApi_IsNotFollowed()
    {
        var api = new Uri("https://api.github.example/api/v3/");

        Assert.False(GitHubPages.IsOwnApi(new Uri("https://evil.example/repos/acme/routing/pulls?page=2"), api));
        Assert.False(GitHubPages.IsOwnApi(new Uri("https://api.github.example:8443/api/v3/repos/acme/routing/pulls?page=2"), api));
        Assert.False(GitHubPages.IsOwnApi(new Uri("https://api.github.example/other/repos/acme/routing/pulls?page=2"), api));
        Assert.True(GitHubPages.IsOwnApi(new Uri("https://api.github.example/api/v3/repos/acme/routing/pulls?page=2"), api));
    }

    [Fact]
    public async Task CreateCheckRun_120Annotations_SendsBatchesOf50()
    {
        var annotations = Enumerable.Range(1, 120)
            .Select(i => new CheckAnnotation("teams/a/routes/r.yaml", i, i, "failure", $"problem {i}", "BackendNotFound"))
            .ToList();

        await Client().CreateCheckRunAsync(Repo, "gitgateway/plan", "abc123", "failure", new CheckRunOutput("t", "s", null, annotations), Ct);

        var run = Assert.Single(_emulator.CheckRuns);
        Assert.Equal([50, 50, 20], run.AnnotationBatches);
        Assert.Equal(120, run.Annotations.Count);
        Assert.Equal("failure", run.Conclusion);
        Assert.Equal("completed", run.Status);
    }

    [Fact]
    public async Task Send_RateLimitedWithReset_RetriesAndSucceeds()
    {
        _emulator.InjectRateLimit();

        await Client().CreateCommitStatusAsync(Repo, "abc", "success", "gitgateway/plan", "ok", null, Ct);

        Assert.Single(_emulator.Statuses);
        Assert.Equal(2, _emulator.Requests.Count);
    }

    [Fact]
    public async Task Send_SecondaryRateLimitRetryAfter_RetriesAndSucceeds()
    {
        _emulator.InjectRetryAfter(0);

        var prs = await Client().ListOpenPullRequestsAsync(Repo, Ct);

        Assert.Empty(prs);
        Assert.Equal(2, _emulator.Requests.Count);
    }

    [Fact]
    public async Task Send_ServerErrorsThenSuccess_Retries()
    {
        _emulator.InjectStatus(502, count: 2);
        _emulator.OpenPullRequest(4, "feature", "bbb", "main", "aaa");

        var pr = await Client().GetPullRequestAsync(Repo, 4, Ct);

        Assert.Equal("bbb", pr.Head.Sha);
        Assert.Equal("main", pr.Base.Ref);
    }

    [Fact]
    public async Task Send_PersistentServerError_ThrowsWithoutTheToken()
    {
        _emulator.InjectStatus(500, count: 10);

        var ex = await Assert.ThrowsAsync<GitHubApiException>(() => Client().GetPullRequestAsync(Repo, 1, Ct));

        Assert.Equal(System.Net.HttpStatusCode.InternalServerError, ex.StatusCode);
        Assert.Contains("GET /repos/acme/routing/pulls/1", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(_emulator.Token, ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_WrongToken_ThrowsUnauthorizedWithoutTheToken()
    {
        var client = new GitHubClient(_http, _emulator.BaseUri, new StaticTokenSource("secret-wrong-token"), GitHubRetryPolicy.Create(TimeProvider.System, 2, TimeSpan.FromMilliseconds(5)), NullLogger<GitHubClient>.Instance);

        var ex = await Assert.ThrowsAsync<GitHubApiException>(() => client.ListOpenPullRequestsAsync(Repo, Ct));

        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, ex.StatusCode);
        Assert.DoesNotContain("secret-wrong-token", ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateCommitStatus_LongDescription_TruncatedTo140()
    {
        await Client().CreateCommitStatusAsync(Repo, "abc", "failure", "gitgateway/plan", new string('x', 300), null, Ct);

        Assert.Equal(140, Assert.Single(_emulator.Statuses).Description!.Length);
    }

    [Fact]
    public async Task CreateCommitStatus_EmojiAtTheCut_CutBeforeItNotThroughIt()
    {
        // 138 characters, then an emoji of two UTF-16 units across the 139th and 140th: cutting at 139 would halve it.
        await Client().CreateCommitStatusAsync(Repo, "abc", "success", "gitgateway/plan", new string('x', 138) + "🚦 and more", null, Ct);

        var description = Assert.Single(_emulator.Statuses).Description!;
        Assert.InRange(description.Length, 1, 140);
        Assert.Equal(new string('x', 138) + "…", description);
    }

    [Fact]
    public async Task AppTokenSource_SignedJwt_IsExchangedForAnInstallationToken()
    {
        using var rsa = RSA.Create(2048);
        var publicKey = new RsaSecurityKey(rsa.ExportParameters(false));
        string? issuer = null;
        _emulator.VerifyAppJwt = jwt =>
        {
            var parameters = new TokenValidationParameters { ValidateAudience = false, ValidIssuer = "12345", IssuerSigningKey = publicKey };
            new JwtSecurityTokenHandler().ValidateToken(jwt, parameters, out var token);
            issuer = token.Issuer;
            return ((JwtSecurityToken)token).Header.Alg == "RS256";
        };
        using var source = new AppTokenSource(_http, _emulator.BaseUri, "12345", 99, rsa.ExportPkcs8PrivateKeyPem(), TimeProvider.System);
        var client = new GitHubClient(_http, _emulator.BaseUri, source, TimeProvider.System, NullLogger<GitHubClient>.Instance);

        await client.CreateCommitStatusAsync(Repo, "abc", "pending", "gitgateway/plan", "rendering", null, Ct);
        await client.CreateCommitStatusAsync(Repo, "abc", "success", "gitgateway/plan", "ok", null, Ct);

        Assert.Equal("12345", issuer);
        Assert.True(client.IsApp);
        Assert.Single(_emulator.InstallationTokens); // cached: exchanged once for two calls
        Assert.Equal(2, _emulator.Statuses.Count);
    }

    [Fact]
    public async Task CreateIssueComment_TwentyAtOnce_PacedOnTheWireUnderEightyAMinute()
    {
        // GitHub's secondary limit: at most 80 content-creating requests a minute. The pacer lets a burst of 10 go at
        // once and then one every 60/70 s, so the 20th request cannot reach the server before 10 intervals (8.57 s)
        // after the first was reserved. Load only delays requests further, so this lower bound cannot flake.
        var sent = new ConcurrentQueue<long>();
        using var http = new HttpClient(new SendTimes(sent) { InnerHandler = new HttpClientHandler() }) { Timeout = TimeSpan.FromSeconds(60) };
        var client = new GitHubClient(http, _emulator.BaseUri, new StaticTokenSource(_emulator.Token), TimeProvider.System, NullLogger<GitHubClient>.Instance);

        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, 20).Select(i => client.CreateIssueCommentAsync(Repo, 9, $"comment {i}", Ct)));

        Assert.Equal(20, _emulator.Comments[9].Count);
        var times = sent.Order().ToList();
        Assert.Equal(20, times.Count);
        var last = Stopwatch.GetElapsedTime(started, times[^1]);
        Assert.True(last >= TimeSpan.FromSeconds(8), $"the 20th comment reached GitHub {last.TotalSeconds:F2} s after the first was asked for");
    }

    private sealed class SendTimes(ConcurrentQueue<long> sent) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.Method == HttpMethod.Post)
            {
                sent.Enqueue(Stopwatch.GetTimestamp());
            }

            return base.SendAsync(request, cancellationToken);
        }
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private GitHubClient Client() => new(
        _http,
        _emulator.BaseUri,
        new StaticTokenSource(_emulator.Token),
        GitHubRetryPolicy.Create(TimeProvider.System, maxRetries: 3, TimeSpan.FromMilliseconds(10)),
        NullLogger<GitHubClient>.Instance);
}
