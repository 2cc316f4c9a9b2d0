using GitGateway.Plan.Model;
using GitGateway.Reconciler.Apply;
using GitGateway.Reconciler.Review.RoutingTests;

namespace GitGateway.Reconciler.Tests.Apply;

/// <summary>A routing test read from Git is hostile: one whose host or path would change where a request goes is not sent.</summary>
public sealed class CanaryResponseTests
{
    [Theory]
    [InlineData("evil.example@127.0.0.1", "/")]
    [InlineData("store.example.com", "//evil.example/x")]
    [InlineData("store.example.com", "x")]
    [InlineData("store example.com", "/")]
    public async Task Send_HostOrPathThatIsNotOne_NotSentAndSaysWhy(string host, string path)
    {
        var sent = false;
        using var client = new HttpClient(new RecordingHandler(() => sent = true));
        var listener = new Listener("l", new ObjectRef("Gateway", "gw", "public"), "https", 443, ListenerProtocol.HTTPS, null, null, default, default, new SourceMark("g.yaml", 1, 1));
        var request = new RoutingTestRequest(host, path, "GET", null, new Dictionary<string, string>());

        var response = await CanaryResponse.SendAsync(client, listener, request, TimeSpan.FromSeconds(1), 1024, TestContext.Current.CancellationToken);

        Assert.False(sent);
        Assert.Equal("the test's host or path cannot be sent as a request", response.Error);
    }

    private sealed class RecordingHandler(Action sent) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            sent();
            return Task.FromResult(new HttpResponseMessage(System.Net.HttpStatusCode.OK));
        }
    }
}
