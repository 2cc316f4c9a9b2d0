using GitGateway.Plan.Serialization;
using GitGateway.Proxy.Sync;
using GitGateway.Proxy.Tests.Support;
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
    public void Parse_RenderOutputWithThePlanAfterItsStatus_ReturnsItsPlan()
    {
        var plan = Of(Http(80, Host("*", Entry("r", Prefix("/"), Service("v1")))));
        var document = $$"""{"status": {"plan": []}, "diagnostics": [], "plan": {{PlanJson.ToIndentedString(plan)}}}""";

        var parsed = FilePlanSource.Parse(System.Text.Encoding.UTF8.GetBytes(document));

        Assert.Equal(PlanJson.Hash(plan), PlanJson.Hash(parsed));
    }

    [Theory]
    [InlineData("""{"plan": {"schemaVersion": 1}, "status": {}} trailing""")]
    [InlineData("""{"plan": {"schemaVersion": 1}, "status": {""")]
    [InlineData("""{"plan": 5}""")]
    public void Parse_BrokenRenderOutput_IsAJsonException(string document)
    {
        Assert.ThrowsAny<System.Text.Json.JsonException>(() => FilePlanSource.Parse(System.Text.Encoding.UTF8.GetBytes(document)));
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
        var source = new FilePlanSource(path, TimeSpan.FromMilliseconds(5), TimeProvider.System, NullLogger<FilePlanSource>.Instance);
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
    public async Task Watch_FileEditedLongBeforeItsMetadataCheck_IsPickedUpByNotification()
    {
        var path = Path.GetTempFileName();
        var first = Of(Http(80, Host("*", Entry("a", Prefix("/"), Service("v1")))));
        var second = Of(Http(80, Host("*", Entry("b", Prefix("/"), Service("v1")), Entry("c", Prefix("/c"), Service("v1")))));
        await File.WriteAllTextAsync(path, PlanJson.ToIndentedString(first), Token);
        var seen = await WatchWhileAsync(path, async () => await File.WriteAllTextAsync(path, PlanJson.ToIndentedString(second), Token));

        Assert.Equal([PlanJson.Hash(first), PlanJson.Hash(second)], seen);
    }

    [Fact]
    public async Task Watch_RewriteKeepingLengthAndTimestamp_IsSeenByNotification()
    {
        var path = Path.GetTempFileName();
        var first = Of(Http(80, Host("*", Entry("a", Prefix("/"), Service("v1")))));
        var second = Of(Http(80, Host("*", Entry("b", Prefix("/"), Service("v1")))));
        var firstText = PlanJson.ToIndentedString(first);
        var secondText = PlanJson.ToIndentedString(second);
        Assert.Equal(firstText.Length, secondText.Length);
        await File.WriteAllTextAsync(path, firstText, Token);
        var stamp = File.GetLastWriteTimeUtc(path);
        var seen = await WatchWhileAsync(path, async () =>
        {
            await File.WriteAllTextAsync(path, secondText, Token);
            File.SetLastWriteTimeUtc(path, stamp);
        });

        Assert.Equal([PlanJson.Hash(first), PlanJson.Hash(second)], seen);
    }

    [Fact]
    public async Task Watch_PlanReplacedByRename_IsPickedUpByNotification()
    {
        var path = Path.GetTempFileName();
        var first = Of(Http(80, Host("*", Entry("a", Prefix("/"), Service("v1")))));
        var second = Of(Http(80, Host("*", Entry("b", Prefix("/"), Service("v1")))));
        await File.WriteAllTextAsync(path, PlanJson.ToIndentedString(first), Token);
        var seen = await WatchWhileAsync(path, async () =>
        {
            await File.WriteAllTextAsync(path + ".new", PlanJson.ToIndentedString(second), Token);
            File.Move(path + ".new", path, overwrite: true);
        });

        Assert.Equal([PlanJson.Hash(first), PlanJson.Hash(second)], seen);
    }

    [Fact]
    public async Task Watch_ConfigMapUpdatedByDataSymlinkSwap_IsPickedUpByNotification()
    {
        var first = Of(Http(80, Host("*", Entry("a", Prefix("/"), Service("v1")))));
        var second = Of(Http(80, Host("*", Entry("b", Prefix("/"), Service("v1")))));
        using var volume = MountedVolume.Create(Path.Combine(Path.GetTempPath(), $"gg-configmap-{Guid.NewGuid():N}"), ("plan.json", PlanJson.ToIndentedString(first)));
        var seen = await WatchWhileAsync(volume.PathOf("plan.json"), () =>
        {
            volume.Update(("plan.json", PlanJson.ToIndentedString(second)));
            return Task.CompletedTask;
        });

        Assert.Equal([PlanJson.Hash(first), PlanJson.Hash(second)], seen);
    }

    [Fact]
    public async Task Watch_OtherFilesOfItsDirectoryChange_PlanFileIsNotReadAgain()
    {
        var directory = Directory.CreateTempSubdirectory("gg-plan-").FullName;
        var path = Path.Combine(directory, "plan.json");
        await File.WriteAllTextAsync(path, PlanJson.ToIndentedString(Of(Http(80, Host("*", Entry("a", Prefix("/"), Service("v1")))))), Token);
        var source = new FilePlanSource(path, TimeSpan.FromHours(1), TimeProvider.System, NullLogger<FilePlanSource>.Instance);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Token);
        var watch = source.WatchAsync(stop.Token).GetAsyncEnumerator(stop.Token);
        try
        {
            Assert.True(await watch.MoveNextAsync());
            var next = watch.MoveNextAsync().AsTask();
            for (var i = 0; i < 200 && source.Wakes < 3; i++)
            {
                await File.WriteAllTextAsync(Path.Combine(directory, $"other-{i}.txt"), "x", Token);
                await Task.Delay(100, Token);
            }

            Assert.True(source.Wakes >= 3, "the directory's events woke the watch");
            Assert.False(next.IsCompleted);
            Assert.Equal(1, source.Reads);
            await stop.CancelAsync();
            Assert.False(await next);
        }
        finally
        {
            await watch.DisposeAsync();
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>
    /// The hashes of the plans a watch with a metadata check due only in an hour yields: the file's first plan, then
    /// (after <paramref name="change"/>) the next one, which only a change notification can bring.
    /// </summary>
    private static async Task<List<string>> WatchWhileAsync(string path, Func<Task> change)
    {
        var source = new FilePlanSource(path, TimeSpan.FromHours(1), TimeProvider.System, NullLogger<FilePlanSource>.Instance);
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

                await change();
            }
        }
        finally
        {
            File.Delete(path);
        }

        return seen;
    }
}
