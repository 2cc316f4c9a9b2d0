namespace GitGateway.Vip.Announcing;

/// <summary>
/// Reads an answer's body of at most a given number of bytes, or null: a Content-Length over the limit is refused
/// before any byte is read, and a body that grows past it is stopped there. The response must have been asked for
/// with <see cref="HttpCompletionOption.ResponseHeadersRead"/>, else the client has buffered the whole body already.
/// The proxy node's reader of control-plane answers uses it too.
/// </summary>
public static class BoundedBody
{
    public static async Task<byte[]?> ReadAsync(HttpContent content, int maxBytes, CancellationToken cancellationToken)
    {
        if (content.Headers.ContentLength > maxBytes)
        {
            return null;
        }

        await using var body = await content.ReadAsStreamAsync(cancellationToken);
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
