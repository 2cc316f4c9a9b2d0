using System.Globalization;
using System.Net;
using Polly;
using Polly.Retry;

namespace GitGateway.Reconciler.GitHub;

/// <summary>
/// Which GitHub answers are worth retrying and how long to wait. Rate limits follow GitHub's documented
/// headers: <c>Retry-After</c> (secondary limits) or <c>x-ratelimit-remaining: 0</c> with
/// <c>x-ratelimit-reset</c> (epoch seconds); 5xx and connection failures back off exponentially with jitter.
/// A rate limit that would take longer than <see cref="MaxRateLimitWait"/> (or the wait given) is not waited out:
/// the call fails with the wait in the exception, and the caller (the write queue) pauses for it.
/// See https://docs.github.com/en/rest/using-the-rest-api/rate-limits-for-the-rest-api
/// </summary>
internal static class GitHubRetryPolicy
{
    public static readonly TimeSpan MaxRateLimitWait = TimeSpan.FromSeconds(60);

    public static ResiliencePipeline<HttpResponseMessage> Create(TimeProvider time, int maxRetries, TimeSpan baseDelay, TimeSpan? maxRateLimitWait = null)
    {
        var longest = maxRateLimitWait ?? MaxRateLimitWait;
        return new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = maxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = baseDelay,
                ShouldHandle = args => ValueTask.FromResult(
                    args.Outcome.Exception is HttpRequestException
                    || (args.Outcome.Result is { } r && IsRetryable(r, time, longest))),
                DelayGenerator = args => ValueTask.FromResult(
                    args.Outcome.Result is { } r ? RateLimitDelay(r, time) : null),
            })
            .Build();
    }

    public static bool IsRetryable(HttpResponseMessage response, TimeProvider time, TimeSpan longest)
    {
        if ((int)response.StatusCode >= 500)
        {
            return true;
        }

        return RateLimitDelay(response, time) is { } wait && wait <= longest;
    }

    /// <summary>The wait a rate-limited answer asks for, or null when the answer is not a rate limit.</summary>
    public static TimeSpan? RateLimitDelay(HttpResponseMessage response, TimeProvider time)
    {
        if (response.StatusCode is not (HttpStatusCode.Forbidden or HttpStatusCode.TooManyRequests))
        {
            return null;
        }

        if (response.Headers.RetryAfter is { } retryAfter)
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

        if (Header(response, "x-ratelimit-remaining") == "0"
            && long.TryParse(Header(response, "x-ratelimit-reset"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var reset))
        {
            return Max0(DateTimeOffset.FromUnixTimeSeconds(reset) - time.GetUtcNow());
        }

        return null;
    }

    private static TimeSpan Max0(TimeSpan value) => value < TimeSpan.Zero ? TimeSpan.Zero : value;

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;
}
