using System.Text;
using GitGateway.Reconciler.Webhook;

namespace GitGateway.Reconciler.Tests.EndToEnd;

/// <summary>A GitHub webhook delivery as GitHub sends it: event and delivery headers, HMAC-SHA256 of the body.</summary>
internal static class SignedWebhook
{
    public static HttpRequestMessage Create(Uri uri, string eventName, string json, string secret, string? delivery = null)
    {
        var body = Encoding.UTF8.GetBytes(json);
        var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new ByteArrayContent(body) };
        request.Headers.Add("X-GitHub-Event", eventName);
        request.Headers.Add("X-GitHub-Delivery", delivery ?? Guid.NewGuid().ToString());
        request.Headers.Add("X-Hub-Signature-256", WebhookSignature.Sign(WebhookSignature.SecretBytes(secret), body));
        return request;
    }
}
