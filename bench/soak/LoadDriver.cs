using System.Collections.Concurrent;
using System.Text.Json;

namespace GitGateway.Soak;

/// <summary>
/// Workers that send requests to the nodes that are up, in turn, as a load balancer would, and count every
/// answer: success (2xx from the expected backend), lost (any other answer or error, on a node that was not
/// killed meanwhile) and in flight on a killed node (failed after its node was killed under it).
/// </summary>
internal sealed class LoadDriver(IReadOnlyList<NodeTarget> nodes)
{
    private static readonly (string Path, string Backend)[] Paths = [("/r0", "store/store-web:8080"), ("/r1", "store/store-api-v1:8080")];
    private long _requests;
    private long _lost;
    private long _inFlightKilled;
    private long _next;

    public long Requests => Interlocked.Read(ref _requests);

    public long Lost => Interlocked.Read(ref _lost);

    public long InFlightOnKilled => Interlocked.Read(ref _inFlightKilled);

    /// <summary>The first distinct reasons of lost requests, with counts.</summary>
    public ConcurrentDictionary<string, long> LostReasons { get; } = new(StringComparer.Ordinal);

    public Task RunAsync(int workers, CancellationToken cancellationToken) =>
        Task.WhenAll(Enumerable.Range(0, workers).Select(_ => Task.Run(() => WorkerAsync(cancellationToken), CancellationToken.None)));

    private async Task WorkerAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var up = nodes.Where(n => n.Up).ToList();
            if (up.Count == 0)
            {
                await Task.Delay(10, CancellationToken.None);
                continue;
            }

            var turn = Interlocked.Increment(ref _next);
            var node = up[(int)(turn % up.Count)];
            var (path, backend) = Paths[turn / up.Count % Paths.Length];
            var generation = node.Generation;
            var failure = await SendAsync(node.Client(), path, backend);
            Interlocked.Increment(ref _requests);
            if (failure is null)
            {
                continue;
            }

            if (node.Generation != generation)
            {
                Interlocked.Increment(ref _inFlightKilled);
            }
            else
            {
                Interlocked.Increment(ref _lost);
                var reason = $"{node.Name}: {failure}";
                if (LostReasons.Count < 20 || LostReasons.ContainsKey(reason))
                {
                    LostReasons.AddOrUpdate(reason, 1, (_, n) => n + 1);
                }
            }
        }
    }

    private static async Task<string?> SendAsync(HttpClient client, string path, string backend)
    {
        try
        {
            using var response = await client.GetAsync(new Uri($"https://store.example.com:443{path}"), CancellationToken.None);
            var body = await response.Content.ReadAsStringAsync(CancellationToken.None);
            if (!response.IsSuccessStatusCode)
            {
                return $"status {(int)response.StatusCode}";
            }

            using var doc = JsonDocument.Parse(body);
            var answered = doc.RootElement.GetProperty("backend").GetString();
            return answered == backend ? null : $"{path} answered by {answered}";
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException or IOException or KeyNotFoundException)
        {
            return e.GetType().Name + ": " + (e.InnerException?.Message ?? e.Message);
        }
    }
}
