using GitGateway.Reconciler.Review;
using GitGateway.Reconciler.Tests.Cli;

namespace GitGateway.Reconciler.Tests.Review;

public sealed class ReviewedHeadsStoreTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Load_FileOfTheOlderForm_ReadsHeadsWithoutBase()
    {
        using var dir = new TempDirectory();
        var store = new ReviewedHeadsStore(dir.Path);
        await File.WriteAllTextAsync(store.Path, """{"7":"abc123","x":"ignored"}""", Ct);

        var heads = await store.LoadAsync(Ct);

        Assert.Equal(new ReviewedHead("abc123", null, null), Assert.Single(heads).Value);
        Assert.Equal(7, heads.Keys.Single());
    }

    [Fact]
    public async Task SaveThenLoad_HeadBaseAndDigest_RoundTrip()
    {
        using var dir = new TempDirectory();
        var store = new ReviewedHeadsStore(dir.Path);
        var head = new ReviewedHead("h1", "b1", "d1");

        await store.SaveAsync(new Dictionary<int, ReviewedHead> { [3] = head }, Ct);

        Assert.Equal(head, (await store.LoadAsync(Ct))[3]);
    }
}
