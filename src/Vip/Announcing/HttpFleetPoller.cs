using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Logging;

namespace GitGateway.Vip.Announcing;

/// <summary>
/// Reads the fleet and publishes the VIPs other nodes serve into a <see cref="FleetView"/>. A node that follows a
/// control plane asks it first (<see cref="FleetControlPlane"/>: <c>GET /v1/fleet?node=</c>, what the other nodes
/// reported); when the control plane does not answer, the other nodes' announcer status given with
/// <c>--fleet-status</c> (<c>/status</c> of <c>gitgateway-vip</c>'s status port, <c>/vip</c> of a
/// <c>gitgateway-proxy --vip</c> admin port) is the local fallback. A source that does not answer within a second,
/// or answers with anything but a <c>{"serving":[…]}</c> document, serves nothing: an unknown fleet leans towards
/// keeping a VIP announced, never towards withdrawing it. Answers are read up to 1 MiB and 10,000 VIP ids each.
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
    private readonly FleetControlPlane? _controlPlane;
    private bool? _fromControlPlane;

    /// <summary>Creates the poller; with <paramref name="controlPlane"/> the control plane is asked first and <paramref name="nodes"/> are the fallback.</summary>
    public HttpFleetPoller(HttpClient http, IReadOnlyList<Uri> nodes, FleetView target, TimeSpan interval, TimeProvider time, ILogger<HttpFleetPoller> logger, FleetControlPlane? controlPlane = null)
    {
        _controlPlane = controlPlane;
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
            _target.Set(await LookAsync(cancellationToken));
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

    /// <summary>One look at the fleet: the control plane's answer, or else what the fallback nodes say.</summary>
    public async Task<HashSet<string>> LookAsync(CancellationToken cancellationToken)
    {
        if (_controlPlane is { } controlPlane)
        {
            var answer = await TryServingAsync(controlPlane.Url, controlPlane.Token, cancellationToken);
            var fromControlPlane = answer is not null;
            if (fromControlPlane != _fromControlPlane && !cancellationToken.IsCancellationRequested)
            {
                LogSource(_logger, fromControlPlane ? "the control plane" : $"the --fleet-status fallback ({_nodes.Count} nodes)");
            }

            _fromControlPlane = fromControlPlane;
            if (answer is not null)
            {
                return answer.ToHashSet(StringComparer.Ordinal);
            }
        }

        var answers = await Task.WhenAll(_nodes.Select(n => ServingAsync(n, cancellationToken)));
        return answers.SelectMany(a => a).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>The VIP ids one node serves; empty when it does not answer properly.</summary>
    public async Task<IReadOnlyList<string>> ServingAsync(Uri node, CancellationToken cancellationToken) =>
        await TryServingAsync(node, null, cancellationToken) ?? [];

    /// <summary>The VIP ids a status document lists under <c>serving</c>; null when it does not answer properly.</summary>
    private async Task<IReadOnlyList<string>?> TryServingAsync(Uri source, string? token, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1), _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, source);
            if (token is not null)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            }

            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token);
            if (!response.IsSuccessStatusCode || await BoundedBody.ReadAsync(response.Content, MaxBody, linked.Token) is not { } bytes)
            {
                return null;
            }

            var status = JsonSerializer.Deserialize(bytes, FleetJson.Default.NodeStatus);
            return status?.Serving is { } serving ? [.. serving.Where(s => s is not null).Take(MaxVips)] : null;
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or JsonException or IOException)
        {
            if (!cancellationToken.IsCancellationRequested)
            {
                LogUnreachable(_logger, source.ToString(), e.Message);
            }

            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "fleet view: {Node} gave no status: {Error}")]
    private static partial void LogUnreachable(ILogger logger, string node, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "fleet view: now read from {Source}")]
    private static partial void LogSource(ILogger logger, string source);

    private sealed record NodeStatus([property: JsonPropertyName("serving")] string[]? Serving);

    /// <summary>The body's shape, read without reflection under System.Text.Json's web defaults, as before.</summary>
    [JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
    [JsonSerializable(typeof(NodeStatus))]
    private sealed partial class FleetJson : JsonSerializerContext;
}
