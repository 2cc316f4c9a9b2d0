using System.Net;
using System.Runtime.CompilerServices;
using System.Text.Json.Serialization.Metadata;
using k8s;

namespace GitGateway.Proxy.Discovery;

/// <summary>
/// The node's Kubernetes API client: the AOT-clean client (KubernetesClient.Aot, source-generated JSON) for lists,
/// and watches the node reads itself (that client has none): the same request the official client sends
/// (<c>?watch=true</c>, its credentials, HTTP/2 where the server speaks it), one JSON event per line, each line at
/// most <see cref="MaxEventBytes"/>.
/// </summary>
internal sealed class KubeApi(Kubernetes client) : IDisposable
{
    /// <summary>The longest watch event kept: above the API server's own object limit (1.5 MiB in etcd) with room for JSON escapes.</summary>
    public const int MaxEventBytes = 4 * 1024 * 1024;

    public IKubernetes Client => client;

    /// <summary>
    /// The events of a watch on <paramref name="path"/> (relative to the API's address, with its query), until the
    /// server ends it; an ERROR event goes to <paramref name="onError"/> as a <see cref="KubernetesException"/> (410
    /// Gone included) and ends the watch, as does a refused request (its status in the exception).
    /// </summary>
    public async IAsyncEnumerable<(WatchChange Type, T Item)> WatchAsync<T>(
        string path, JsonTypeInfo<T> info, Action<Exception> onError, [EnumeratorCancellation] CancellationToken cancellationToken)
        where T : class
    {
        using var response = await SendAsync(path, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            onError(new KubernetesException(new k8s.Models.V1Status { Code = (int)response.StatusCode, Message = "watch refused: " + response.StatusCode }));
            yield break;
        }

        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        await foreach (var line in new WatchEventReader(body, MaxEventBytes).ReadAsync(cancellationToken))
        {
            var parsed = WatchEventReader.Parse(line, info);
            if (parsed.Error is { } error)
            {
                onError(error);
                yield break;
            }

            if (parsed.Item is { } item)
            {
                yield return (parsed.Type, item);
            }
        }
    }

    /// <summary>The query of a watch from <paramref name="version"/> with bookmarks, cut by the server after <paramref name="seconds"/>.</summary>
    public static string WatchQuery(string version, int seconds) =>
        $"watch=true&allowWatchBookmarks=true&resourceVersion={Uri.EscapeDataString(version)}&timeoutSeconds={seconds}";

    public void Dispose() => client.Dispose();

    private async Task<HttpResponseMessage> SendAsync(string path, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(client.BaseUri, path)) { Version = HttpVersion.Version20 };
        if (client.Credentials is { } credentials)
        {
            await credentials.ProcessHttpRequestAsync(request, cancellationToken);
        }

        return await client.HttpClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
    }
}
