using System.Collections.Concurrent;
using GitGateway.Plan.Model;

namespace GitGateway.Proxy.Policies;

/// <summary>
/// The RateLimit ProxyPolicy: one token bucket per key (<c>source-ip</c>, <c>header:&lt;name&gt;</c>,
/// <c>jwt-claim:&lt;name&gt;</c>); a request that finds its bucket empty is answered 429 (RFC 6585 §4).
/// </summary>
internal sealed class TokenBucketLimiter
{
    private const int MaxKeys = 100_000;
    private readonly ConcurrentDictionary<string, Bucket> _buckets = new(StringComparer.Ordinal);
    private readonly double _rate;
    private readonly double _burst;
    private readonly string _key;
    private readonly TimeProvider _time;

    public TokenBucketLimiter(string policyId, RateLimitSettings settings, TimeProvider time)
    {
        PolicyId = policyId;
        _rate = Math.Max(1, settings.RequestsPerSecond);
        _burst = Math.Max(1, settings.Burst > 0 ? settings.Burst : settings.RequestsPerSecond);
        _key = settings.Key;
        _time = time;
    }

    public string PolicyId { get; }

    /// <summary>Takes a token for the request's key; false when the bucket is empty.</summary>
    public bool TryAcquire(HttpContext context)
    {
        var key = KeyOf(context);
        if (_buckets.Count > MaxKeys)
        {
            _buckets.Clear(); // bound memory against key floods; limits restart from full buckets
        }

        var bucket = _buckets.GetOrAdd(key, static (_, burst) => new Bucket(burst), _burst);
        var now = _time.GetTimestamp();
        lock (bucket)
        {
            var elapsed = bucket.Last == 0 ? 0 : _time.GetElapsedTime(bucket.Last, now).TotalSeconds;
            bucket.Tokens = Math.Min(_burst, bucket.Tokens + (elapsed * _rate));
            bucket.Last = now;
            if (bucket.Tokens < 1)
            {
                return false;
            }

            bucket.Tokens -= 1;
            return true;
        }
    }

    private string KeyOf(HttpContext context)
    {
        if (_key.StartsWith("header:", StringComparison.OrdinalIgnoreCase))
        {
            return context.Request.Headers[_key[7..]].ToString();
        }

        if (_key.StartsWith("jwt-claim:", StringComparison.OrdinalIgnoreCase)
            && context.Items.TryGetValue(JwtValidator.ClaimsKey, out var claims)
            && claims is IDictionary<string, object> byName
            && byName.TryGetValue(_key[10..], out var claim))
        {
            return claim?.ToString() ?? "";
        }

        // Without a validated token (no JWT policy on the route) a claim key falls back to the client address.
        return context.Connection.RemoteIpAddress?.ToString() ?? "";
    }

    private sealed class Bucket(double tokens)
    {
        public double Tokens { get; set; } = tokens;

        public long Last { get; set; }
    }
}
