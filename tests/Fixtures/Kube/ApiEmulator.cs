using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;

namespace GitGateway.Fixtures.Kube;

/// <summary>
/// An in-process stand-in for kube-apiserver on 127.0.0.1 (no API server can run here), speaking the REST API
/// (https://kubernetes.io/docs/reference/using-api/api-concepts/) for the kinds of <see cref="KubeKind"/> well
/// enough for the official client: list, get, create, replace, JSON merge patch, delete, the status subresource
/// (each write recorded in <c>metadata.managedFields</c> under its <c>fieldManager</c>),
/// and watch (<c>?watch=1</c>, one JSON event per line) resuming from a resourceVersion, with BOOKMARK events when
/// allowed, 410 Gone for a compacted version and watches dropped on demand. Plain HTTP and no authentication:
/// what the emulator checks is the protocol, not access.
/// </summary>
public sealed class ApiEmulator : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _bookmarks;

    private ApiEmulator(WebApplication app, TimeSpan bookmarkInterval)
    {
        _app = app;
        _bookmarks = bookmarkInterval > TimeSpan.Zero ? BookmarkLoopAsync(bookmarkInterval, _stopping.Token) : Task.CompletedTask;
    }

    /// <summary>The objects, their history and the open watches.</summary>
    public KubeStore Store { get; } = new();

    /// <summary>The base address for the client (<c>http://127.0.0.1:port</c>).</summary>
    public Uri Address { get; private set; } = null!;

    /// <summary>Every request seen, as <c>VERB plural[/name[/status]] ?query</c> (VERB is LIST, WATCH, GET, POST, PUT, PATCH or DELETE).</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    /// <summary>How many requests of one verb on one kind were seen.</summary>
    public int Count(string verb, KubeKind kind) =>
        Requests.Count(r => r.StartsWith(verb + " " + kind.Plural, StringComparison.Ordinal));

    /// <param name="bookmarkInterval">How often watches that allow bookmarks get one; zero for only on <see cref="KubeStore.SendBookmarks"/>.</param>
    /// <param name="port">The port on 127.0.0.1; 0 for any free one (a test that points a client at the API before it is up names one).</param>
    public static async Task<ApiEmulator> StartAsync(TimeSpan bookmarkInterval, CancellationToken cancellationToken, int port = 0)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, port, l => l.Protocols = HttpProtocols.Http1));
        var app = builder.Build();
        var emulator = new ApiEmulator(app, bookmarkInterval);
        app.Run(emulator.HandleAsync);
        await app.StartAsync(cancellationToken);
        emulator.Address = new Uri(app.Urls.First());
        return emulator;
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        Store.DropWatches();
        await _bookmarks;
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
        _stopping.Dispose();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var path = KubeRequestPath.Parse(context.Request.Path.Value ?? "");
        var query = context.Request.Query;
        var watch = query["watch"] is var w && (w == "1" || w == "true");
        var verb = context.Request.Method switch
        {
            "GET" when watch => "WATCH",
            "GET" when path?.Name is null => "LIST",
            var method => method,
        };
        Requests.Enqueue($"{verb} {path?.Kind.Plural}{(path?.Name is null ? "" : "/" + path.Name)}{(path?.Status == true ? "/status" : "")} {context.Request.QueryString}");
        if (path is null)
        {
            await WriteAsync(context, 404, KubeJson.Status(404, "NotFound", "the server could not find the requested resource"));
            return;
        }

        var selector = new KubeSelector(query["labelSelector"], query["fieldSelector"]);
        switch (verb)
        {
            case "WATCH":
                await WatchAsync(context, path, selector);
                break;
            case "LIST":
                var (version, items) = Store.List(path.Kind, path.Namespace, selector);
                await WriteAsync(context, 200, KubeJson.List(path.Kind, version, items));
                break;
            case "GET":
                var found = Store.Get(path.Kind, path.Namespace!, path.Name!);
                await WriteAsync(context, found is null ? 404 : 200, found ?? KubeJson.Status(404, "NotFound", $"{path.Kind.Plural} \"{path.Name}\" not found"));
                break;
            case "DELETE":
                var deleted = Store.Delete(path.Kind, path.Namespace!, path.Name!);
                await WriteAsync(context, deleted ? 200 : 404, KubeJson.Status(deleted ? 200 : 404, deleted ? "" : "NotFound", path.Name!));
                break;
            case "POST" or "PUT" or "PATCH":
                await WriteObjectAsync(context, path, verb);
                break;
            default:
                await WriteAsync(context, 405, KubeJson.Status(405, "MethodNotAllowed", verb));
                break;
        }
    }

    private async Task WriteObjectAsync(HttpContext context, KubeRequestPath path, string verb)
    {
        var contentType = context.Request.ContentType ?? "";
        if (verb == "PATCH" && !contentType.StartsWith("application/merge-patch+json", StringComparison.Ordinal)
            && !contentType.StartsWith("application/strategic-merge-patch+json", StringComparison.Ordinal))
        {
            await WriteAsync(context, 415, KubeJson.Status(415, "UnsupportedMediaType", contentType));
            return;
        }

        if (path.Namespace is null || (verb != "POST" && path.Name is null)
            || await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted) is not JsonObject body)
        {
            await WriteAsync(context, 400, KubeJson.Status(400, "BadRequest", "expected a namespaced object"));
            return;
        }

        if (body["metadata"]?["namespace"] is JsonValue ns && ns.GetValueKind() == System.Text.Json.JsonValueKind.String && ns.GetValue<string>() != path.Namespace)
        {
            await WriteAsync(context, 400, KubeJson.Status(400, "BadRequest", "the namespace of the provided object does not match the namespace sent on the request"));
            return;
        }

        var (code, answer) = Store.Write(path, verb, body, mergePatch: verb == "PATCH", context.Request.Query["fieldManager"]);
        await WriteAsync(context, code, answer);
    }

    private async Task WatchAsync(HttpContext context, KubeRequestPath path, KubeSelector selector)
    {
        var query = context.Request.Query;
        var bookmarks = query["allowWatchBookmarks"] is var b && (b == "1" || b == "true");
        var subscription = Store.Watch(path.Kind, path.Namespace, selector, query["resourceVersion"], bookmarks);
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json";
        if (subscription is null)
        {
            // As the API server: the watch itself succeeds, then says 410 in an ERROR event and ends.
            await context.Response.WriteAsync(KubeJson.Line("ERROR", KubeJson.Status(410, "Expired", "too old resource version")), context.RequestAborted);
            return;
        }

        var timeout = int.TryParse(query["timeoutSeconds"], NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) ? TimeSpan.FromSeconds(seconds) : Timeout.InfiniteTimeSpan;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping.Token);
        deadline.CancelAfter(timeout);
        try
        {
            await context.Response.Body.FlushAsync(deadline.Token);
            await foreach (var line in subscription.Lines.Reader.ReadAllAsync(deadline.Token))
            {
                await context.Response.WriteAsync(line!, deadline.Token);
                await context.Response.Body.FlushAsync(deadline.Token);
            }
        }
        catch (OperationCanceledException)
        {
            // timeoutSeconds elapsed, the client went away or the emulator stops: the stream just ends.
        }
        finally
        {
            Store.Unwatch(subscription);
        }
    }

    private async Task BookmarkLoopAsync(TimeSpan interval, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(interval);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                Store.SendBookmarks();
            }
        }
        catch (OperationCanceledException)
        {
            // stopping
        }
    }

    private static async Task WriteAsync(HttpContext context, int code, JsonObject body)
    {
        context.Response.StatusCode = code;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body.ToJsonString(), context.RequestAborted);
    }
}
