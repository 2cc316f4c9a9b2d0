using System.Security.Cryptography;
using System.Text;

namespace GitGateway.Reconciler.Review;

/// <summary>
/// Links to a head's full review on the control plane, <c>{publicUrl}/v1/repos/{repository}/plans/{sha}/diff?key=…</c>.
/// A reviewer follows the link from GitHub without the node token, so each link carries its own key: an HMAC-SHA256
/// of the commit id under the repository's node token. Whoever can read the comment can read the review; nobody can
/// list or guess the others.
/// </summary>
internal sealed class PlanDiffLinks(Uri publicUrl, string repository, byte[] secret)
{
    public string For(string sha) =>
        new Uri(publicUrl, $"v1/repos/{Uri.EscapeDataString(repository)}/plans/{sha}/diff?key={Key(sha)}").ToString();

    public bool Verify(string sha, string? key) =>
        key is not null && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(key), Encoding.ASCII.GetBytes(Key(sha)));

    private string Key(string sha) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(secret, Encoding.UTF8.GetBytes("gitgateway plan diff " + sha)))[..32];
}
