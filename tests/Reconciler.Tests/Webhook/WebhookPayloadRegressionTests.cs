using System.Text;
using GitGateway.Reconciler.Hosting;
using GitGateway.Reconciler.Webhook;

namespace GitGateway.Reconciler.Tests.Webhook;

/// <summary>
/// Signed pull_request payloads GitHub would not send. The head goes to git and names a stored review, so anything
/// but an object id is ignored; a number that is no positive Int32 is ignored too (it escaped as a FormatException).
/// </summary>
public sealed class WebhookPayloadRegressionTests
{
    private const string Head = "\"0123456789abcdef0123456789abcdef01234567\"";
    private static readonly WebhookSecrets Secrets = new("regression-secret", null);

    [Theory]
    [InlineData("a 42-digit head (found by the fuzz test)", "\"0123456789a2bcdef0123456789abcdef0123456767\"", "7")]
    [InlineData("a null head", "null", "7")]
    [InlineData("a head that is an option to git", "\"--output=/tmp/x\"", "7")]
    [InlineData("a number past Int32", Head, "4294967296")]
    [InlineData("a number in exponent form", Head, "1e99")]
    [InlineData("a number of zero", Head, "0")]
    public void Handle_PullRequestGitHubWouldNotSend_Ignored(string name, string head, string number)
    {
        var queue = new ReconcileQueue();
        var handler = new WebhookHandler(Secrets, "main", queue);
        var body = Encoding.UTF8.GetBytes("{\"action\":\"opened\",\"pull_request\":{\"number\":" + number + ",\"head\":{\"sha\":" + head + "},\"base\":{\"ref\":\"main\"}}}");

        var (_, outcome) = handler.Handle("delivery", "pull_request", body);

        Assert.True(outcome == "ignored", name);
        Assert.False(queue.Reader.TryRead(out _));
    }
}
