using System.Security.Cryptography;
using System.Text;

namespace GitGateway.Reconciler.Webhook;

/// <summary>
/// Checks <c>X-Hub-Signature-256: sha256=&lt;hex&gt;</c>, the HMAC-SHA256 of the raw request body with the webhook
/// secret, in constant time.
/// https://docs.github.com/en/webhooks/using-webhooks/validating-webhook-deliveries
/// </summary>
internal static class WebhookSignature
{
    public static bool IsValid(byte[] secret, ReadOnlySpan<byte> body, string? header) =>
        TryParse(header) is { } given && CryptographicOperations.FixedTimeEquals(HMACSHA256.HashData(secret, body), given);

    /// <summary>The 32 bytes of a well-formed header, or null: then the delivery is refused before its body is read.</summary>
    public static byte[]? TryParse(string? header)
    {
        if (header is null || !header.StartsWith("sha256=", StringComparison.Ordinal) || header.Length != 7 + 64)
        {
            return null;
        }

        try
        {
            return Convert.FromHexString(header.AsSpan(7));
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>Whether <paramref name="mac"/> is the signature given, in constant time.</summary>
    public static bool Matches(byte[] mac, byte[] given) => CryptographicOperations.FixedTimeEquals(mac, given);

    public static string Sign(byte[] secret, ReadOnlySpan<byte> body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(secret, body));

    public static byte[] SecretBytes(string secret) => Encoding.UTF8.GetBytes(secret);
}
