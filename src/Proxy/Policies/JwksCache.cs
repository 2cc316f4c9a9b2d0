using System.Collections.Concurrent;
using Microsoft.IdentityModel.Tokens;

namespace GitGateway.Proxy.Policies;

/// <summary>
/// Signing keys from JWKS endpoints (RFC 7517), shared by every plan revision so a swap does not refetch them.
/// Keys are fetched on first use and refreshed in the background when older than the refresh interval; an
/// unknown key id triggers an early refresh at most every few seconds. Requests never wait on a fetch except the
/// very first for an endpoint.
/// </summary>
internal sealed partial class JwksCache(HttpMessageInvoker client, TimeProvider time, ILogger<JwksCache> logger)
{
    /// <summary>The largest JWKS document taken.</summary>
    public const int MaxDocumentBytes = 256 * 1024;

    private static readonly TimeSpan Refresh = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan MinRefetch = TimeSpan.FromSeconds(5);
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    public async ValueTask<IReadOnlyList<SecurityKey>> KeysAsync(string jwksUri, bool unknownKey, CancellationToken cancellationToken)
    {
        var entry = _entries.GetOrAdd(jwksUri, static _ => new Entry());
        var age = time.GetElapsedTime(entry.FetchedAt);
        if (entry.Keys.Count == 0 || (unknownKey && age > MinRefetch))
        {
            await FetchAsync(jwksUri, entry, cancellationToken);
        }
        else if (age > Refresh)
        {
            _ = FetchAsync(jwksUri, entry, CancellationToken.None);
        }

        return entry.Keys;
    }

    private async Task FetchAsync(string jwksUri, Entry entry, CancellationToken cancellationToken)
    {
        var fetchedBefore = entry.FetchedAt;
        await entry.Gate.WaitAsync(cancellationToken);
        if (entry.FetchedAt != fetchedBefore)
        {
            entry.Gate.Release();
            return; // another request fetched while this one waited
        }

        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, jwksUri);
            using var deadline = new Forwarding.Deadline(cancellationToken, 5000, time);
            using var response = await client.SendAsync(request, deadline.Token); // an HttpMessageInvoker does not buffer: the body is read bounded below
            response.EnsureSuccessStatusCode();
            var set = new JsonWebKeySet(await ReadBoundedAsync(response.Content, deadline.Token));
            entry.Keys = [.. set.GetSigningKeys()];
            entry.FetchedAt = time.GetTimestamp();
        }
        catch (Exception e) when (e is HttpRequestException or IOException or OperationCanceledException or ArgumentException)
        {
            LogFetchFailed(logger, jwksUri, e.Message);
            entry.FetchedAt = time.GetTimestamp(); // do not hammer a failing endpoint
        }
        finally
        {
            entry.Gate.Release();
        }
    }

    // A JWKS holds a few keys (a few KiB); the endpoint is on the network, so what it may send is bounded.
    private static async Task<string> ReadBoundedAsync(HttpContent content, CancellationToken cancellationToken)
    {
        if (content.Headers.ContentLength > MaxDocumentBytes)
        {
            throw new HttpRequestException($"JWKS of {content.Headers.ContentLength} bytes is larger than {MaxDocumentBytes}");
        }

        await using var body = await content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[MaxDocumentBytes + 1];
        var length = await body.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken);
        return length > MaxDocumentBytes
            ? throw new HttpRequestException($"JWKS larger than {MaxDocumentBytes} bytes")
            : System.Text.Encoding.UTF8.GetString(buffer, 0, length);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "JWKS {Uri} could not be fetched: {Reason}")]
    private static partial void LogFetchFailed(ILogger logger, string uri, string reason);

    private sealed class Entry
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);

        public IReadOnlyList<SecurityKey> Keys { get; set; } = [];

        public long FetchedAt { get; set; }
    }
}
