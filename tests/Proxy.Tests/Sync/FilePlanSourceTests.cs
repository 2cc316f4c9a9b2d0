using GitGateway.Plan.Serialization;
using GitGateway.Proxy.Sync;
using Microsoft.Extensions.Logging.Abstractions;
using static GitGateway.Proxy.Tests.Support.Plans;

namespace GitGateway.Proxy.Tests.Sync;

public sealed class FilePlanSourceTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public void Parse_RenderOutputDocument_ReturnsItsPlan()
    {
        var plan = Of(Http(80, Host("*", Entry("r", Prefix("/"), Service("v1")))));
        var document = $$"""{"plan": {{PlanJson.ToIndentedString(plan)}}, "status": {}, "diagnostics": []}""";

        var parsed = FilePlanSource.Parse(System.Text.Encoding.UTF8.GetBytes(document));

        Assert.Equal(PlanJson.Hash(plan), PlanJson.Hash(parsed));
    }

    [Fact]
    public async Task Watch_FileRewritten_YieldsEachDistinctPlanOnce()
    {
        var path = Path.GetTempFileName();
        var first = Of(Http(80, Host("*", Entry("a", Prefix("/"), Service("v1")))));
        var second = Of(Http(80, Host("*", Entry("b", Prefix("/"), Service("v1")))));
        await File.WriteAllTextAsync(path, PlanJson.ToIndentedString(first), Token);
        var source = new FilePlanSource(path, TimeSpan.FromMilliseconds(20), TimeProvider.System, NullLogger<FilePlanSource>.Instance);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Token);
        timeout.CancelAfter(TimeSpan.FromSeconds(20));
        var seen = new List<string>();
        try
        {
            await foreach (var plan in source.WatchAsync(timeout.Token))
            {
                seen.Add(PlanJson.Hash(plan.Plan));
                if (seen.Count == 1)
                {
                    await File.WriteAllTextAsync(path, "{ broken", Token);
                    await Task.Delay(100, Token);
                    await File.WriteAllTextAsync(path, PlanJson.ToIndentedString(second), Token);
                }
                else
                {
                    break;
                }
            }
        }
        finally
        {
            File.Delete(path);
        }

        Assert.Equal([PlanJson.Hash(first), PlanJson.Hash(second)], seen);
    }

    [Fact]
    public async Task Watch_FileUnchanged_IsNotReadAgainEachPoll()
    {
        var path = Path.GetTempFileName();
        await File.WriteAllTextAsync(path, PlanJson.ToIndentedString(Of(Http(80, Host("*", Entry("a", Prefix("/"), Service("v1")))))), Token);
        var source = new FilePlanSource(path, TimeSpan.FromMilliseconds(5), TimeProvider.System, NullLogger<FilePlanSource>.Instance, TimeSpan.FromHours(1));
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Token);
        var yielded = 0;
        try
        {
            await foreach (var plan in source.WatchAsync(timeout.Token))
            {
                yielded++;
                timeout.CancelAfter(TimeSpan.FromMilliseconds(300)); // dozens of polls
            }
        }
        catch (OperationCanceledException)
        {
            // the watch ended
        }
        finally
        {
            File.Delete(path);
        }

        Assert.Equal(1, yielded);
        Assert.Equal(1, source.Reads);
    }

    [Fact]
    public async Task Watch_RewriteKeepingLengthAndTimestamp_IsSeenAtTheFullRead()
    {
        var path = Path.GetTempFileName();
        var first = Of(Http(80, Host("*", Entry("a", Prefix("/"), Service("v1")))));
        var second = Of(Http(80, Host("*", Entry("b", Prefix("/"), Service("v1")))));
        var firstText = PlanJson.ToIndentedString(first);
        var secondText = PlanJson.ToIndentedString(second);
        Assert.Equal(firstText.Length, secondText.Length);
        await File.WriteAllTextAsync(path, firstText, Token);
        var stamp = File.GetLastWriteTimeUtc(path);
        var source = new FilePlanSource(path, TimeSpan.FromMilliseconds(10), TimeProvider.System, NullLogger<FilePlanSource>.Instance, TimeSpan.FromMilliseconds(200));
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Token);
        timeout.CancelAfter(TimeSpan.FromSeconds(20));
        var seen = new List<string>();
        try
        {
            await foreach (var plan in source.WatchAsync(timeout.Token))
            {
                seen.Add(PlanJson.Hash(plan.Plan));
                if (seen.Count == 2)
                {
                    break;
                }

                await File.WriteAllTextAsync(path, secondText, Token);
                File.SetLastWriteTimeUtc(path, stamp);
            }
        }
        finally
        {
            File.Delete(path);
        }

        Assert.Equal([PlanJson.Hash(first), PlanJson.Hash(second)], seen);
    }
}
