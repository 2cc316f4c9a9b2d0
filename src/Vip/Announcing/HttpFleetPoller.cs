using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Logging;

namespace GitGateway.Vip.Announcing;

/// <summary>
/// Reads the other nodes' announcer status (given with <c>--fleet-status</c>: <c>/status</c> of <c>gitgateway-vip</c>'s
/// status port, <c>/vip</c> of a <c>gitgateway-proxy --vip</c> admin port) and publishes the VIPs they list under <c>serving</c> into a <see cref="FleetView"/>.
/// A node that does not answer within a second, or answers with anything but that document, serves nothing: an
/// unknown fleet leans towards keeping a VIP announced, never towards withdrawing it. Answers are read up to 1 MiB
/// and 10,000 VIP ids per node.
/// </summary>
public sealed partial class HttpFleetPoller
{
    private const int MaxBody = 1 << 20;
    private const int MaxVips = 10_000;
    private readonly HttpClient _http;
    private readonly IReadOnlyList<Uri> _nodes;
    private readonly FleetView _target;
    private readonly TimeSpan _interval;
    private readonly TimeProvider _time;
    private readonly ILogger<HttpFleetPoller> _logger;

    /// <summary>Creates the poller.</summary>
    public HttpFleetPoller(HttpClient http, IReadOnlyList<Uri> nodes, FleetView target, TimeSpan interval, TimeProvider time, ILogger<HttpFleetPoller> logger)
    {
        _http = http;
        _nodes = nodes;
        _target = target;
        _interval = interval;
        _time = time;
        _logger = logger;
    }

    /// <summary>Polls until cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var answers = await Task.WhenAll(_nodes.Select(n => ServingAsync(n, cancellationToken)));
            _target.Set(answers.SelectMany(a => a).ToHashSet(StringComparer.Ordinal));
            try
            {
                await Task.Delay(_interval, _time, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>The VIP ids one node serves; empty when it does not answer properly.</summary>
    public async Task<IReadOnlyList<string>> ServingAsync(Uri node, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1), _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            using var response = await _http.GetAsync(node, HttpCompletionOption.ResponseHeadersRead, linked.Token);
            if (!response.IsSuccessStatusCode || response.Content.Headers.ContentLength > MaxBody)
            {
                return [];
            }

            await using var body = await response.Content.ReadAsStreamAsync(linked.Token);
            if (await ReadBoundedAsync(body, linked.Token) is not { } bytes)
            {
                return [];
            }

            var status = JsonSerializer.Deserialize<NodeStatus>(bytes, JsonSerializerOptions.Web);
            return status?.Serving is { } serving ? [.. serving.Where(s => s is not null).Take(MaxVips)] : [];
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or JsonException or IOException)
        {
            if (!cancellationToken.IsCancellationRequested)
            {
                LogUnreachable(_logger, node.ToString(), e.Message);
            }

            return [];
        }
    }

    private static async Task<byte[]?> ReadBoundedAsync(Stream body, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxBody)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "fleet view: {Node} gave no status: {Error}")]
    private static partial void LogUnreachable(ILogger logger, string node, string error);

    private sealed record NodeStatus([property: JsonPropertyName("serving")] string[]? Serving);
}
