using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using GitGateway.Plan.Delta;
using GitGateway.Plan.Model;
using GitGateway.Plan.Serialization;

namespace GitGateway.Proxy.Sync;

/// <summary>
/// The node side of the control-plane protocol. Long-polls <c>GET /v1/plan?node=&amp;have=&lt;hash&gt;</c> (under
/// <c>/v1/repos/{repository}/</c> when the node follows a named repository), or holds one server-sent event stream
/// of plans (<see cref="ControlPlaneOptions.ServerSentEvents"/>), and yields
/// each new whole plan (a long-poll asks for the changes from the plan it has, <see cref="ControlPlaneOptions.Deltas"/>,
/// and rebuilds the whole plan from them, hash-checked); a plan larger than <see cref="ControlPlaneOptions.MaxPlanBytes"/>
/// is a failed poll; on errors it backs off (200 ms doubling to 10 s, with jitter) and retries for ever, while
/// the node keeps serving what it has. The last plan the node accepted (ACKed) is written to disk, and yielded first
/// on the next start, so a node restarted while the control plane is away still serves its last good plan; a plan
/// the node refused is never kept, so a restart never starts from it. ACK/NACK, readiness, the plan the node serves,
/// per-route counters (and the VIP announcer's sessions, when there is one) go to <c>POST /v1/nodes/{name}/report</c>.
/// </summary>
public sealed partial class ControlPlanePlanSource(HttpClient http, ControlPlaneOptions options, TimeProvider time) : IPlanSource
{
    private static readonly TimeSpan MinBackoff = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(10);
    private string? _have;
    private RoutingPlan? _plan;
    private bool _wholeNext;
    private (string Hash, byte[] Bytes)? _received;
    private PlanEventReader? _events;

    // The bytes of the held plan's route entries, so rebuilding from a delta writes only the entries it sends.
    private readonly RouteEntryBytes _entryBytes = new();

    /// <summary>Failed polls since the last success (for readiness and tests).</summary>
    public int ConsecutiveFailures { get; private set; }

    /// <summary>Plans received as a delta against the plan the node had, and deltas that did not apply (then the whole plan was asked for).</summary>
    public (int Applied, int Refused) Deltas { get; private set; }

    /// <inheritdoc />
    public async IAsyncEnumerable<IncomingPlan> WatchAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (LoadLastGood() is { } saved)
        {
            _have = saved.Hash;
            _plan = saved.Plan.Plan;
            yield return saved.Plan;
        }

        var backoff = MinBackoff;
        while (!cancellationToken.IsCancellationRequested)
        {
            (IncomingPlan Plan, string Hash)? received;
            try
            {
                received = await PollAsync(cancellationToken);
                ConsecutiveFailures = 0;
                backoff = MinBackoff;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException && !cancellationToken.IsCancellationRequested)
            {
                ConsecutiveFailures++;
                var jitter = Random.Shared.NextDouble() * 0.2 + 0.9;
                await Task.Delay(backoff * jitter, time, cancellationToken);
                backoff = TimeSpan.FromTicks(Math.Min(MaxBackoff.Ticks, backoff.Ticks * 2));
                continue;
            }

            if (received is { } r)
            {
                _have = r.Hash;
                _plan = r.Plan.Plan;
                yield return r.Plan;
            }
        }
    }

    /// <inheritdoc />
    public async Task ReportAsync(PlanApplyReport report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(options.BaseAddress, $"{options.PathPrefix}nodes/{Uri.EscapeDataString(options.NodeName)}/report"))
        {
            Content = JsonContent.Create(
                new ReportBody(report.PlanHash, report.Accepted, report.Error, report.Ready, report.Peers, report.Serving, report.VipServing, report.VipHeld, report.Routes),
                ReportJson.Default.ReportBody),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", options.Token);
        if (report.Accepted && _received is { } received && received.Hash == report.PlanHash)
        {
            // Only now is it a good plan: the one a restart starts from.
            await SaveLastGoodAsync(received.Bytes, received.Hash, cancellationToken);
            _received = null;
        }

        using var response = await http.SendAsync(request, cancellationToken);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>The hash the control plane gave for the plan last yielded (what the node reports against).</summary>
    public string? CurrentHash => _have;

    private async Task<(IncomingPlan, string)?> PollAsync(CancellationToken cancellationToken)
    {
        if (options.ServerSentEvents)
        {
            return await NextEventAsync(cancellationToken);
        }

        // After a delta that did not apply, the next poll names no plan: the control plane answers with the whole one at once.
        var have = _wholeNext ? null : _have;
        var delta = options.Deltas && have is not null && _plan is not null;
        _wholeNext = false;
        var query = $"{options.PathPrefix}plan?node={Uri.EscapeDataString(options.NodeName)}&wait={options.WaitSeconds}" + (have is null ? "" : "&have=" + Uri.EscapeDataString(have)) + (delta ? "&delta=1" : "");
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(options.BaseAddress, query));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", options.Token);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(TimeSpan.FromSeconds(options.WaitSeconds + 15));
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cts.Token);
        if (response.StatusCode == HttpStatusCode.NotModified)
        {
            return null;
        }

        response.EnsureSuccessStatusCode();
        var bytes = await BoundedBody.ReadAsync(response.Content, options.MaxPlanBytes, cts.Token);
        if (delta && response.Content.Headers.ContentType?.MediaType == PlanDeltaJson.MediaType)
        {
            return ApplyDelta(bytes);
        }

        var plan = PlanJson.Parse(bytes);
        var claimed = response.Headers.TryGetValues("X-Plan-Hash", out var values) ? values.First() : null;
        var hash = claimed ?? PlanJson.Hash(plan);
        _received = (hash, bytes);
        return (IncomingPlan.Received(plan, bytes, claimed), hash);
    }

    /// <summary>
    /// The plan a delta gives from the one the node has, hash-checked; on any mismatch (another base, a span out of
    /// range, another hash, a delta that does not parse) null, and the next poll asks for the whole plan.
    /// </summary>
    private (IncomingPlan, string)? ApplyDelta(byte[] bytes)
    {
        try
        {
            var started = time.GetTimestamp();
            var delta = PlanDeltaJson.Parse(bytes);
            var (plan, canonical) = PlanDeltaApplier.Apply(_plan!, _have!, delta, _entryBytes);
            _received = (delta.Hash, canonical);
            Deltas = (Deltas.Applied + 1, Deltas.Refused);
            return (IncomingPlan.Rebuilt(plan, canonical, delta.Hash, time.GetElapsedTime(started)), delta.Hash);
        }
        catch (Exception e) when (e is PlanDeltaException or System.Text.Json.JsonException)
        {
            Deltas = (Deltas.Applied, Deltas.Refused + 1);
            _wholeNext = true;
            return null;
        }
    }

    /// <summary>The next plan on the event stream, opening it (with the hash the node has) when none is open.</summary>
    private async Task<(IncomingPlan, string)?> NextEventAsync(CancellationToken cancellationToken)
    {
        var ok = false;
        try
        {
            _events ??= await OpenEventsAsync(cancellationToken);
            var (hash, bytes) = await _events.NextAsync(cancellationToken);
            var plan = PlanJson.Parse(bytes);
            _received = (hash, bytes);
            ok = true;
            return (IncomingPlan.Received(plan, bytes, hash), hash);
        }
        finally
        {
            if (!ok)
            {
                // Any failure closes the stream; the next call, after the backoff, reconnects with the hash the node has.
                _events?.Dispose();
                _events = null;
            }
        }
    }

    private async Task<PlanEventReader> OpenEventsAsync(CancellationToken cancellationToken)
    {
        var query = $"{options.PathPrefix}plan?node={Uri.EscapeDataString(options.NodeName)}&wait={options.WaitSeconds}" + (_have is null ? "" : "&have=" + Uri.EscapeDataString(_have));
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(options.BaseAddress, query));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", options.Token);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        try
        {
            response.EnsureSuccessStatusCode();
            var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            return new PlanEventReader(response, body, TimeSpan.FromSeconds(options.WaitSeconds + 15), options.MaxPlanBytes);
        }
        catch (HttpRequestException)
        {
            response.Dispose();
            throw;
        }
    }

    private async Task SaveLastGoodAsync(byte[] bytes, string hash, CancellationToken cancellationToken)
    {
        if (options.LastGoodPlanPath is not { } path)
        {
            return;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        await File.WriteAllBytesAsync(path + ".tmp", bytes, cancellationToken);
        await File.WriteAllTextAsync(path + ".hash.tmp", hash, cancellationToken);
        File.Move(path + ".tmp", path, overwrite: true);
        File.Move(path + ".hash.tmp", path + ".hash", overwrite: true);
    }

    private (IncomingPlan Plan, string Hash)? LoadLastGood()
    {
        var path = options.LastGoodPlanPath;
        if (path is null || !File.Exists(path) || !File.Exists(path + ".hash"))
        {
            return null;
        }

        try
        {
            var bytes = File.ReadAllBytes(path);
            var hash = File.ReadAllText(path + ".hash").Trim();
            return (IncomingPlan.Received(PlanJson.Parse(bytes), bytes, hash), hash);
        }
        catch (System.Text.Json.JsonException)
        {
            return null; // a damaged file is ignored: the control plane sends the current plan
        }
    }

    /// <summary>The report's body: <see cref="PlanApplyReport"/> without the node's name, which the URL carries.</summary>
    private sealed record ReportBody(
        string PlanHash,
        bool Accepted,
        string? Error,
        bool Ready,
        IReadOnlyList<PeerReport>? Peers,
        string? Serving,
        IReadOnlyList<string>? VipServing,
        IReadOnlyList<string>? VipHeld,
        IReadOnlyList<RouteCounters>? Routes);

    /// <summary>The report's shape, written without reflection under the web defaults <see cref="JsonContent"/> used before.</summary>
    [JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
    [JsonSerializable(typeof(ReportBody))]
    private sealed partial class ReportJson : JsonSerializerContext;
}
