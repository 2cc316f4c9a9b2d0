namespace GitGateway.Proxy.Sync;

/// <summary>
/// Reads an answer's body of at most a given number of bytes: a Content-Length over it is refused before any byte is
/// read, and a body that grows past it is stopped there; either, like a body cut short, is an <see cref="HttpRequestException"/>, the failure
/// a poll already handles. The response must have been asked for with
/// <see cref="HttpCompletionOption.ResponseHeadersRead"/>, else the client has buffered the whole body already.
/// </summary>
internal static class BoundedBody
{
    public static async Task<byte[]> ReadAsync(HttpContent content, int maxBytes, CancellationToken cancellationToken)
    {
        if (content.Headers.ContentLength > maxBytes)
        {
            throw new HttpRequestException($"an answer of {content.Headers.ContentLength} bytes is larger than {maxBytes}");
        }

        try
        {
            await using var body = await content.ReadAsStreamAsync(cancellationToken);
            using var kept = new MemoryStream();
            var chunk = new byte[64 * 1024];
            int read;
            while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
            {
                if (kept.Length + read > maxBytes)
                {
                    throw new HttpRequestException($"an answer is larger than {maxBytes} bytes");
                }

                kept.Write(chunk, 0, read);
            }

            return kept.ToArray();
        }
        catch (IOException e)
        {
            throw new HttpRequestException("the answer broke: " + e.Message, e); // read as it comes, a broken body is no longer the client's error
        }
    }
}
