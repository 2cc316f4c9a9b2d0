using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Logging;

namespace GitGateway.Vip.Announcing;

/// <summary>
/// Polls the proxy's readiness endpoint (e.g. <c>http://127.0.0.1:&lt;admin&gt;/readyz</c>) for a standalone
/// announcer. 200 means ready; a JSON body <c>{"ready":…,"planHash":"sha256:…","ports":[…]}</c> adds the plan
/// revision and bound ports. Anything else (an error status, no answer within the interval) means not ready,
/// so a dead proxy is withdrawn within one interval plus the timeout. An answer over <see cref="MaxBody"/> is not
/// read past it, and means not ready.
/// </summary>
public sealed partial class HttpReadinessPoller
{
    /// <summary>The most bytes of the proxy's answer read: 64 KiB, some thousands of ports.</summary>
    public const int MaxBody = 64 * 1024;

    private readonly HttpClient _http;
    private readonly Uri _url;
    private readonly ProxyReadinessSource _target;
    private readonly TimeSpan _interval;
    private readonly TimeProvider _time;
    private readonly ILogger<HttpReadinessPoller> _logger;

    /// <summary>Creates the poller.</summary>
    public HttpReadinessPoller(HttpClient http, Uri url, ProxyReadinessSource target, TimeSpan interval, TimeProvider time, ILogger<HttpReadinessPoller> logger)
    {
        _http = http;
        _url = url;
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
            var readiness = await ProbeAsync(cancellationToken);
            if (readiness.Ready != _target.Current.Ready)
            {
                LogReadiness(_logger, readiness.Ready, readiness.PlanHash);
            }

            _target.Set(readiness);
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

    /// <summary>One probe.</summary>
    public async Task<ProxyReadiness> ProbeAsync(CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1), _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            using var response = await _http.GetAsync(_url, HttpCompletionOption.ResponseHeadersRead, linked.Token);
            if (await BoundedBody.ReadAsync(response.Content, MaxBody, linked.Token) is not { } bytes)
            {
                return ProxyReadiness.NotReady;
            }

            var body = System.Text.Encoding.UTF8.GetString(bytes);
            var json = body.TrimStart().StartsWith('{');
            if (!response.IsSuccessStatusCode)
            {
                // Not ready as a whole; a JSON body still says which ports serve (a listener that failed to bind
                // costs only the VIPs on its port), unless it names no plan revision.
                var failed = json ? JsonSerializer.Deserialize(body, ReadyJson.Default.ReadyBody) : null;
                return failed is { PlanHash: not null, Ports: not null } ? new ProxyReadiness(false, failed.PlanHash, failed.Ports.ToHashSet()) : ProxyReadiness.NotReady;
            }

            if (!json)
            {
                return ProxyReadiness.AlwaysReady;
            }

            var report = JsonSerializer.Deserialize(body, ReadyJson.Default.ReadyBody);
            return new ProxyReadiness(report?.Ready ?? true, report?.PlanHash, report?.Ports?.ToHashSet());
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or JsonException or IOException)
        {
            return ProxyReadiness.NotReady;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "proxy readiness: ready={Ready} plan={Hash}")]
    private static partial void LogReadiness(ILogger logger, bool ready, string? hash);

    private sealed record ReadyBody(
        [property: JsonPropertyName("ready")] bool? Ready,
        [property: JsonPropertyName("planHash")] string? PlanHash,
        [property: JsonPropertyName("ports")] int[]? Ports);

    /// <summary>The body's shape, read without reflection under System.Text.Json's web defaults, as before.</summary>
    [JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
    [JsonSerializable(typeof(ReadyBody))]
    private sealed partial class ReadyJson : JsonSerializerContext;
}
