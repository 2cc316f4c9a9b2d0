using GitGateway.Plan.Model;
using GitGateway.Proxy.Forwarding;

namespace GitGateway.Proxy.Policies.Waf;

/// <summary>
/// The WAF of one route entry: inspects each request once, at the highest paranoia level among the entry's WAF
/// policies (a gateway-wide one and a route one may both apply), then scores the findings per policy. A request
/// is blocked when any prevention policy's score reaches its threshold. Form and JSON bodies are buffered up to
/// <see cref="WafBodyInspector.Limit"/> bytes, inspected, and replayed to the backend unchanged.
/// </summary>
internal sealed class WafGuard
{
    private readonly WafPolicy[] _policies;
    private readonly WafReporter? _reporter;

    private WafGuard(WafPolicy[] policies, WafReporter? reporter)
    {
        _policies = policies;
        _reporter = reporter;
        Level = policies.Max(p => p.ParanoiaLevel);
    }

    public int Level { get; }

    public IReadOnlyList<WafPolicy> Policies => _policies;

    /// <summary>The guard for the enabled WAF policies among <paramref name="policies"/>, or null when there are none.</summary>
    public static WafGuard? Create(IEnumerable<AppliedPolicy> policies, WafReporter? reporter)
    {
        var enabled = policies.Where(p => p is { Type: PolicyType.WAF, Waf: not null }).Select(p => WafPolicy.From(p.Id, p.Waf!)).OfType<WafPolicy>().ToArray();
        return enabled.Length == 0 ? null : new WafGuard(enabled, reporter);
    }

    /// <summary>Whether the request must be answered 403 instead of forwarded; findings are reported either way.</summary>
    public async ValueTask<bool> BlocksAsync(HttpContext context, string route)
    {
        var findings = await InspectAsync(context, Level);
        if (findings.IsEmpty)
        {
            return false;
        }

        var blocked = false;
        foreach (var policy in _policies)
        {
            blocked |= policy.Blocks(findings.Score(policy.ParanoiaLevel));
        }

        _reporter?.Report(route, findings, _policies, blocked);
        return blocked;
    }

    /// <summary>Inspects the head and, for form and JSON requests, the first <see cref="WafBodyInspector.Limit"/> bytes of the body.</summary>
    public static async ValueTask<WafFindings> InspectAsync(HttpContext context, int level)
    {
        var request = context.Request;
        var findings = WafRequestInspector.Inspect(request, EntryServer.RawTarget(context), level, out var arguments);
        var kind = WafBodyInspector.KindOf(request.ContentType);
        if (kind != WafBodyKind.None && UpstreamRequestFactory.HasBody(context))
        {
            var body = await BufferBodyAsync(context);
            arguments += WafBodyInspector.Inspect(body.Bytes, body.Complete, kind, level, ref findings);
        }

        if (arguments > ProtocolRules.MaxArguments)
        {
            findings.Signal(ProtocolRules.TooManyArguments, level);
        }

        return findings;
    }

    /// <summary>Reads up to the limit into a pooled buffer and puts a stream in the body's place that replays it first.</summary>
    private static async ValueTask<(ArraySegment<byte> Bytes, bool Complete)> BufferBodyAsync(HttpContext context)
    {
        var request = context.Request;
        var size = request.ContentLength is >= 0 and <= WafBodyInspector.Limit ? (int)request.ContentLength.Value : WafBodyInspector.Limit;
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(Math.Max(size, 1));
        var filled = 0;
        var ended = false;
        try
        {
            while (filled < size && !ended)
            {
                var read = await request.Body.ReadAsync(buffer.AsMemory(filled, size - filled), context.RequestAborted);
                ended = read == 0;
                filled += read;
            }
        }
        catch (IOException)
        {
            // The client broke the framing or went away: inspect what arrived; forwarding meets the same failure
            // when it reads on and answers for it as for any request.
        }
        catch (OperationCanceledException)
        {
            // The request was aborted; as above.
        }

        var complete = ended || request.ContentLength == filled;
        var replay = new WafReplayStream(buffer, filled, complete ? null : request.Body);
        context.Response.RegisterForDispose(replay);
        request.Body = replay;
        return (new ArraySegment<byte>(buffer, 0, filled), complete);
    }
}
