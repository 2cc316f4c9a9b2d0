using GitGateway.Fixtures;
using GitGateway.Reconciler.GitHub;
using GitGateway.Reconciler.Review;
using GitGateway.Reconciler.Tests.Apply;
using GitGateway.Reconciler.Tests.Cli;
using Microsoft.Extensions.Logging.Abstractions;

namespace GitGateway.Reconciler.Tests.GitHub;

/// <summary>The write queue against the emulator: rate limits hold it, nothing is lost, a restart resumes it.</summary>
public sealed class GitHubOutboxTests : IAsyncLifetime
{
    private static readonly GitHubRepo Repo = new("acme", "routing");
    private static readonly Func<Microsoft.AspNetCore.Http.HttpRequest, bool> StatusWrites = GitHubEmulator.Matching("POST", "/statuses/");
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(20) };
    private readonly OffsetTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private readonly TempDirectory _state = new();
    private GitHubEmulator _emulator = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _emulator = await GitHubEmulator.StartAsync();
        _emulator.Clock = _clock;
    }

    public async ValueTask DisposeAsync()
    {
        await _emulator.DisposeAsync();
        _http.Dispose();
        _state.Dispose();
    }

    [Fact]
    public async Task Outbox_ForbiddenWithoutHeaders_HoldsAtLeastAMinuteThenSends()
    {
        _emulator.InjectBareForbidden(StatusWrites);
        var outbox = Outbox();
        await outbox.StartAsync(Ct);

        await outbox.SetCheckAsync(Check("aaa"), Ct);
        await Eventually.HoldsAsync(() => outbox.LastError is not null, "the first attempt is refused");

        Assert.True(outbox.PausedUntil - _clock.GetUtcNow() >= TimeSpan.FromSeconds(59), $"held until {outbox.PausedUntil}, now {_clock.GetUtcNow()}");
        Assert.Empty(_emulator.Statuses);
        Assert.Equal(1, outbox.Pending);
        _clock.Advance(TimeSpan.FromSeconds(61));
        await Eventually.HoldsAsync(() => _emulator.Statuses.Count == 1 && outbox.Pending == 0, "the status once the minute has passed");
        await outbox.StopAsync(Ct);
    }

    [Fact]
    public async Task Outbox_PrimaryLimit_SendsOnceTheResetPasses()
    {
        _emulator.InjectRateLimit(resetIn: TimeSpan.FromMinutes(10), when: StatusWrites);
        var outbox = Outbox();
        await outbox.StartAsync(Ct);

        await outbox.SetCheckAsync(Check("bbb"), Ct);
        await outbox.SetCheckAsync(Check("ccc"), Ct);
        await Eventually.HoldsAsync(() => outbox.LastError is not null, "the first attempt is rate limited");

        Assert.True(outbox.PausedUntil - _clock.GetUtcNow() >= TimeSpan.FromMinutes(9), $"held until {outbox.PausedUntil}");
        Assert.Empty(_emulator.Statuses);
        _clock.Advance(TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(2));
        await Eventually.HoldsAsync(() => _emulator.Statuses.Count == 2, "both statuses once the limit lifts");
        Assert.Equal(["bbb", "ccc"], _emulator.Statuses.Select(s => s.Sha));
        await outbox.StopAsync(Ct);
    }

    [Fact]
    public async Task Outbox_RestartedWhileHeld_SendsWhatWasQueued()
    {
        _emulator.InjectRateLimit(resetIn: TimeSpan.FromHours(1), when: StatusWrites);
        var first = Outbox();
        await first.StartAsync(Ct);
        await first.SetCheckAsync(Check("ddd"), Ct);
        await first.UpsertCommentAsync(4, "<!-- gitgateway:plan -->\nplan", Ct);
        await Eventually.HoldsAsync(() => first.LastError is not null, "the first attempt is rate limited");
        await first.StopAsync(Ct);
        Assert.Empty(_emulator.Statuses);

        var second = Outbox();
        await second.StartAsync(Ct);

        await Eventually.HoldsAsync(() => _emulator.Statuses.Count == 1 && _emulator.Comments.ContainsKey(4), "the queued writes after the restart");
        Assert.Equal("ddd", _emulator.Statuses[0].Sha);
        await Eventually.HoldsAsync(() => second.Pending == 0, "the queue emptied");
        await second.StopAsync(Ct);
    }

    [Fact]
    public async Task Outbox_StoppedWhileAWriteIsInFlight_FinishesItAndARestartDoesNotSendItAgain()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var arrived = _emulator.InjectHold(StatusWrites, release.Task);
        var first = Outbox();
        await first.StartAsync(Ct);
        await first.SetCheckAsync(Check("eee"), Ct);
        await arrived.WaitAsync(TimeSpan.FromSeconds(30), Ct);

        var stopping = first.StopAsync(Ct); // the host stops while GitHub has the write but has not answered yet
        release.SetResult();
        await stopping;
        var second = Outbox();
        await second.StartAsync(Ct);
        await second.SetCheckAsync(Check("fff"), Ct);
        await Eventually.HoldsAsync(() => _emulator.Statuses.Any(s => s.Sha == "fff"), "the write made after the restart");
        await second.StopAsync(Ct);

        Assert.Equal(["eee", "fff"], _emulator.Statuses.Select(s => s.Sha));
        Assert.Equal(2, _emulator.Requests.Count(r => r.StartsWith("POST ", StringComparison.Ordinal) && r.Contains("/statuses/", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData(403, true)]
    [InlineData(429, true)]
    [InlineData(401, true)]
    [InlineData(502, true)]
    [InlineData(422, false)]
    [InlineData(404, false)]
    public void GitHubApiException_Status_HeldOrDroppedByTheOutbox(int status, bool held)
    {
        Assert.Equal(held, new GitHubApiException("x", (System.Net.HttpStatusCode)status).IsTransient);
    }

    [Fact]
    public void Wait_ForbiddenWithoutHeaders_AtLeastAMinuteAndDoubling()
    {
        var bare = new GitHubApiException("403", System.Net.HttpStatusCode.Forbidden);

        Assert.Equal(TimeSpan.FromMinutes(1), GitHubOutbox.Wait(bare, 1));
        Assert.Equal(TimeSpan.FromMinutes(2), GitHubOutbox.Wait(bare, 2));
        Assert.Equal(TimeSpan.FromMinutes(15), GitHubOutbox.Wait(bare, 30));
        Assert.Equal(TimeSpan.FromSeconds(61), GitHubOutbox.Wait(new GitHubApiException("403", System.Net.HttpStatusCode.Forbidden, TimeSpan.FromSeconds(60)), 1));
    }

    private static CheckReport Check(string sha) => new("gitgateway/apply", sha, CheckOutcome.Success, "applied", "summary", null, []);

    private GitHubOutbox Outbox()
    {
        var client = new GitHubClient(_http, _emulator.BaseUri, new StaticTokenSource(_emulator.Token), _clock, NullLogger<GitHubClient>.Instance, maxRateLimitWait: TimeSpan.FromSeconds(5));
        return new GitHubOutbox(new GitHubCodeHost(client, Repo), _state.Path, _clock, NullLogger<GitHubOutbox>.Instance);
    }
}
