using System.Buffers;
using System.Security.Cryptography;

namespace GitGateway.Reconciler.Webhook;

/// <summary>
/// Reads a webhook body once, in 16 KiB chunks, feeding every candidate secret's HMAC-SHA256 as the bytes arrive,
/// and stops at the size limit. The body is kept (it is parsed only after a signature verified), so what one
/// delivery can hold is the limit, and what all can hold is the limit times <see cref="WebhookLimits.MaxUnauthenticated"/>.
/// </summary>
internal static class SignedBodyReader
{
    private const int Chunk = 16 * 1024;

    /// <summary>The body and one HMAC per secret, or null when the body passed <paramref name="maxBytes"/>.</summary>
    public static async Task<(ReadOnlyMemory<byte> Body, byte[][] Macs)?> ReadAsync(Stream body, IReadOnlyList<byte[]> secrets, long? contentLength, long maxBytes, CancellationToken cancellationToken)
    {
        var macs = new IncrementalHash[secrets.Count];
        for (var i = 0; i < macs.Length; i++)
        {
            macs[i] = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, secrets[i]);
        }

        var chunk = ArrayPool<byte>.Shared.Rent(Chunk);
        try
        {
            using var kept = new MemoryStream((int)Math.Clamp(contentLength ?? Chunk, 0, Math.Min(maxBytes, 1024 * 1024)));
            int read;
            while ((read = await body.ReadAsync(chunk.AsMemory(0, Chunk), cancellationToken)) > 0)
            {
                if (kept.Length + read > maxBytes)
                {
                    return null;
                }

                foreach (var mac in macs)
                {
                    mac.AppendData(chunk, 0, read);
                }

                kept.Write(chunk, 0, read);
            }

            var result = new byte[macs.Length][];
            for (var i = 0; i < macs.Length; i++)
            {
                result[i] = macs[i].GetHashAndReset();
            }

            return (kept.GetBuffer().AsMemory(0, (int)kept.Length), result);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
            foreach (var mac in macs)
            {
                mac.Dispose();
            }
        }
    }
}
