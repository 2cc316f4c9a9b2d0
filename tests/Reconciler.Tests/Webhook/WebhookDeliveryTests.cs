using System.Text;
using GitGateway.Reconciler.Hosting;
using GitGateway.Reconciler.Webhook;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace GitGateway.Reconciler.Tests.Webhook;

public sealed class WebhookDeliveryTests
{
    // The router has verified the signature before the handler sees a delivery; the handler only needs its secrets to exist.
    private static readonly WebhookSecrets Secrets = new("delivery-secret", null);

    [Fact]
    public async Task Handle_SameDeliveryWhileQueued_IsIgnored()
    {
        var queue = new ReconcileQueue();
        var handler = new WebhookHandler(Secrets, "main", queue);

        var first = await StatusAsync(handler.Handle("d-1", "pull_request", Body()).Result);
        var second = await StatusAsync(handler.Handle("d-1", "pull_request", Body()).Result);

        Assert.Equal(202, first.Status);
        Assert.Equal(200, second.Status);
        Assert.Contains("duplicate", second.Body, StringComparison.Ordinal);
        Assert.True(queue.Reader.TryRead(out _));
        Assert.False(queue.Reader.TryRead(out _));
    }

    [Fact]
    public async Task Handle_SameDeliveryAfterItsRun_RunsAgainForced()
    {
        var queue = new ReconcileQueue();
        var handler = new WebhookHandler(Secrets, "main", queue);
        await StatusAsync(handler.Handle("d-2", "pull_request", Body()).Result);
        Assert.True(queue.Reader.TryRead(out var firstRun));
        firstRun!.Done!();

        var redelivery = await StatusAsync(handler.Handle("d-2", "pull_request", Body()).Result);

        Assert.Equal(202, redelivery.Status);
        Assert.Contains("redelivery", redelivery.Body, StringComparison.Ordinal);
        Assert.False(firstRun.Force);
        Assert.True(queue.Reader.TryRead(out var secondRun));
        Assert.True(secondRun!.Force);
        Assert.Equal(7, secondRun.PullRequest!.Number);
    }

    [Fact]
    public void DeliveryLedger_OldestForgotten_CountsAsNew()
    {
        var ledger = new DeliveryLedger();
        ledger.Begin("first");
        ledger.End("first");
        for (var i = 0; i < DeliveryLedger.Capacity; i++)
        {
            ledger.Begin($"other-{i}");
        }

        Assert.Equal(DeliveryKind.New, ledger.Begin("first"));
        Assert.Equal(DeliveryKind.InFlight, ledger.Begin("first"));
    }

    private static byte[] Body() =>
        Encoding.UTF8.GetBytes("""{"action":"opened","number":7,"pull_request":{"number":7,"head":{"sha":"0123456789abcdef0123456789abcdef01234567","ref":"f"},"base":{"ref":"main"}}}""");

    private static async Task<(int Status, string Body)> StatusAsync(IResult result)
    {
        var context = new DefaultHttpContext { RequestServices = new ServiceCollection().AddLogging().BuildServiceProvider() };
        context.Response.Body = new MemoryStream();
        await result.ExecuteAsync(context);
        return (context.Response.StatusCode, Encoding.UTF8.GetString(((MemoryStream)context.Response.Body).ToArray()));
    }
}
