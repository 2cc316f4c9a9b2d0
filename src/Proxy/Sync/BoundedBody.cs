namespace GitGateway.Proxy.Sync;

/// <summary>
/// Reads an answer's body of at most a given number of bytes (<see cref="Vip.Announcing.BoundedBody"/>), as a poll
/// fails: a body over the limit, or one cut short, is an <see cref="HttpRequestException"/>. The response must have
/// been asked for with <see cref="HttpCompletionOption.ResponseHeadersRead"/>, else the client has buffered the whole
/// body already.
/// </summary>
internal static class BoundedBody
{
    public static async Task<byte[]> ReadAsync(HttpContent content, int maxBytes, CancellationToken cancellationToken)
    {
        try
        {
            return await Vip.Announcing.BoundedBody.ReadAsync(content, maxBytes, cancellationToken)
                ?? throw new HttpRequestException($"an answer is larger than {maxBytes} bytes");
        }
        catch (IOException e)
        {
            throw new HttpRequestException("the answer broke: " + e.Message, e); // read as it comes, a broken body is no longer the client's error
        }
    }
}
