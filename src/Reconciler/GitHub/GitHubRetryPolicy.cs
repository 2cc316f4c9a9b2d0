using System.Net;
using System.Net.Http.Headers;
using Octokit;
using Polly;
using Polly.Retry;

namespace GitGateway.Reconciler.GitHub;

/// <summary>
/// Which failed Octokit calls are worth retrying and how long to wait. Rate limits follow GitHub's documented
/// headers: <c>Retry-After</c> (secondary limits; Octokit's <see cref="SecondaryRateLimitExceededException"/> carries
/// no wait, so the header is read from its response) or <c>x-ratelimit-remaining: 0</c> with <c>x-ratelimit-reset</c>
/// (Octokit's <see cref="RateLimitExceededException.Reset"/>, or the same <see cref="RateLimit"/> it parses for any
/// 403 or 429); 5xx and connection failures back off exponentially with jitter. A rate limit that would take longer
/// than <see cref="MaxRateLimitWait"/> (or the wait given) is not waited out: the call fails with the wait in the
/// exception, and the caller (the write queue) pauses for it.
/// See https://docs.github.com/en/rest/using-the-rest-api/rate-limits-for-the-rest-api
/// </summary>
internal static class GitHubRetryPolicy
{
    public static readonly TimeSpan MaxRateLimitWait = TimeSpan.FromSeconds(60);

    public static ResiliencePipeline Create(TimeProvider time, int maxRetries, TimeSpan baseDelay, TimeSpan? maxRateLimitWait = null)
    {
        var longest = maxRateLimitWait ?? MaxRateLimitWait;
        return new ResiliencePipelineBuilder { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = maxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = baseDelay,
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is { } e && IsRetryable(e, time, longest)),
                DelayGenerator = args => ValueTask.FromResult(
                    args.Outcome.Exception is ApiException e ? RateLimitDelay(e, time) : null),
            })
            .Build();
    }

    public static bool IsRetryable(Exception exception, TimeProvider time, TimeSpan longest) => exception switch
    {
        HttpRequestException => true,
        ApiException e when (int)e.StatusCode >= 500 => true,
        ApiException e => RateLimitDelay(e, time) is { } wait && wait <= longest,
        _ => false,
    };

    /// <summary>The wait a rate-limited answer asks for, or null when the answer is not a rate limit (or names no wait).</summary>
    public static TimeSpan? RateLimitDelay(ApiException exception, TimeProvider time)
    {
        if (exception.StatusCode is not (HttpStatusCode.Forbidden or HttpStatusCode.TooManyRequests) || exception.HttpResponse is not { } response)
        {
            return null;
        }

        if (Header(response, "Retry-After") is { } value && RetryConditionHeaderValue.TryParse(value, out var retryAfter))
        {
            if (retryAfter.Delta is { } delta)
            {
                return delta;
            }

            if (retryAfter.Date is { } date)
            {
                return Max0(date - time.GetUtcNow());
            }
        }

        // Octokit reads the x-ratelimit-* headers into a RateLimit (zeros when they are missing), so the reset is
        // trusted only when GitHub did send "remaining: 0" and a reset; a 403 without them is no primary limit.
        var reset = exception is RateLimitExceededException primary ? primary.Reset : response.ApiInfo?.RateLimit?.Reset;
        if (Header(response, "x-ratelimit-remaining") == "0" && reset is { } at && at.ToUnixTimeSeconds() > 0)
        {
            return Max0(at - time.GetUtcNow());
        }

        return null;
    }

    private static TimeSpan Max0(TimeSpan value) => value < TimeSpan.Zero ? TimeSpan.Zero : value;

    private static string? Header(IResponse response, string name) =>
        response.Headers?.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value;
}
