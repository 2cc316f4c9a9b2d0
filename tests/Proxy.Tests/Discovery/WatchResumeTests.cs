using System.Globalization;
using System.Text.Json.Nodes;
using System.Web;
using GitGateway.Fixtures;
using GitGateway.Fixtures.Kube;
using GitGateway.Plan.Model;
using GitGateway.Proxy.Discovery;
using GitGateway.Proxy.Routing;
using GitGateway.Proxy.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace GitGateway.Proxy.Tests.Discovery;

/// <summary>
/// The node's watches (EndpointSlices, and each referenced Secret) as the API emulator sees them: a watch the server
/// drops after a BOOKMARK resumes at the bookmark's resourceVersion without listing, and a 410 Gone lists exactly once
/// more, then watches from that list's version. Read from the requests the emulator recorded.
/// </summary>
public sealed class WatchResumeTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public static TheoryData<string> Watches => ["endpointslices", "secrets"];

    [Theory]
    [MemberData(nameof(Watches))]
    public async Task Watch_DroppedAfterBookmark_ResumesAtItsVersion_GoneListsExactlyOnce(string plural)
    {
        await using var watching = await Watching.StartAsync(plural);
        var (api, kind) = (watching.Api, watching.Kind);
        var listed = long.Parse(Versions(api, kind).Single(), CultureInfo.InvariantCulture);

        api.Store.Put(KubeKind.ConfigMap, "elsewhere", new JsonObject { ["metadata"] = new JsonObject { ["name"] = "unrelated" } }); // the version moves on, nothing this watch sees
        var bookmark = api.Store.ResourceVersion;
        api.Store.SendBookmarks();
        api.Store.DropWatches();
        await Eventually.HoldsAsync(() => api.Count("WATCH", kind) == 2 && api.Store.OpenWatchesOf(kind) == 1, "the watch resumed", 15_000);
        var listsAfterBookmark = api.Count("LIST", kind);

        api.Store.Expire();
        var afterGone = api.Store.ResourceVersion;
        await Eventually.HoldsAsync(() => api.Count("WATCH", kind) == 3 && api.Store.OpenWatchesOf(kind) == 1, "the watch after 410", 15_000);
        await watching.Stop.CancelAsync();
        await watching.Run;

        Assert.True(bookmark > listed, $"bookmark {bookmark} after list {listed}");
        Assert.Equal(1, listsAfterBookmark);
        Assert.Equal(2, api.Count("LIST", kind));
        Assert.Equal([listed, bookmark, afterGone], Versions(api, kind).Select(v => long.Parse(v, CultureInfo.InvariantCulture)));
    }

    // The node stops its loops by cancelling them: a watch in flight must end the loop's task quietly, not fault it
    // with an OperationCanceledException.
    [Theory]
    [MemberData(nameof(Watches))]
    public async Task Watch_CancelledWhileWatching_TaskCompletesWithoutFault(string plural)
    {
        await using var watching = await Watching.StartAsync(plural);

        await watching.Stop.CancelAsync();
        var ended = await Task.WhenAny(watching.Run, Task.Delay(TimeSpan.FromSeconds(15), Token));

        Assert.Same(watching.Run, ended);
        Assert.Equal(TaskStatus.RanToCompletion, watching.Run.Status);
    }

    /// <summary>The resourceVersion of each watch request of <paramref name="kind"/>, in order.</summary>
    private static List<string> Versions(ApiEmulator api, KubeKind kind) =>
        [.. api.Requests.Where(r => r.StartsWith("WATCH " + kind.Plural + " ", StringComparison.Ordinal))
            .Select(r => HttpUtility.ParseQueryString(r[(r.IndexOf('?', StringComparison.Ordinal) + 1)..])["resourceVersion"] ?? "")];

    private static Task Start(KubeKind kind, KubeApi client, CancellationToken cancellationToken)
    {
        if (kind == KubeKind.EndpointSlice)
        {
            return new EndpointSliceWatcher(client, new EndpointSliceIndex(), TimeProvider.System, NullLogger<EndpointSliceWatcher>.Instance).RunAsync(cancellationToken);
        }

        var secrets = new SecretCertificateSource(client, new CertificateStore(null), TimeProvider.System, NullLogger<SecretCertificateSource>.Instance);
        var run = secrets.RunAsync(cancellationToken);
        Assert.Empty(secrets.LoadCa(new CertificateRef("Secret", "infra", "backend-ca"))); // naming it starts its watch
        return run;
    }

    /// <summary>A watch of one kind against its own API emulator, started and open; disposing stops both.</summary>
    private sealed class Watching : IAsyncDisposable
    {
        private readonly KubeApi _client;

        private Watching(ApiEmulator api, KubeKind kind)
        {
            Api = api;
            Kind = kind;
            _client = KubeObjects.Node(api);
        }

        public ApiEmulator Api { get; }

        public KubeKind Kind { get; }

        public CancellationTokenSource Stop { get; } = CancellationTokenSource.CreateLinkedTokenSource(Token);

        /// <summary>The loop's task.</summary>
        public Task Run { get; private set; } = Task.CompletedTask;

        /// <summary>Starts the watch of <paramref name="plural"/> and waits (bounded) until it is open.</summary>
        public static async Task<Watching> StartAsync(string plural)
        {
            var watching = new Watching(await ApiEmulator.StartAsync(TimeSpan.Zero, Token), KubeKind.All.Single(k => k.Plural == plural));
            watching.Run = Start(watching.Kind, watching._client, watching.Stop.Token);
            await Eventually.HoldsAsync(() => watching.Api.Store.OpenWatchesOf(watching.Kind) == 1, "the first watch", 15_000);
            return watching;
        }

        public async ValueTask DisposeAsync()
        {
            await Stop.CancelAsync();
            Stop.Dispose();
            _client.Dispose();
            await Api.DisposeAsync();
        }
    }
}
