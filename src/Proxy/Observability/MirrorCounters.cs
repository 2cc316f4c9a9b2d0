using System.Globalization;
using System.Text;

namespace GitGateway.Proxy.Observability;

/// <summary>
/// RequestMirror copies: <c>gitgateway_proxy_mirror_requests_total</c> (copies started) and
/// <c>gitgateway_proxy_mirror_abandoned_total{reason}</c> (copies given up: <c>behind</c> = the mirror fell further
/// behind the client's body than its buffer holds, <c>failed</c> = the mirror could not be reached, reset or timed
/// out, <c>ended</c> = the client's request ended before its body was complete).
/// </summary>
internal sealed class MirrorCounters
{
    public const string Behind = "behind";
    public const string Failed = "failed";
    public const string Ended = "ended";

    private long _sent;
    private long _behind;
    private long _failed;
    private long _ended;

    public void Sent() => Interlocked.Increment(ref _sent);

    public void Abandoned(string reason)
    {
        switch (reason)
        {
            case Behind:
                Interlocked.Increment(ref _behind);
                break;
            case Ended:
                Interlocked.Increment(ref _ended);
                break;
            default:
                Interlocked.Increment(ref _failed);
                break;
        }
    }

    public void Render(StringBuilder text)
    {
        text.Append("# TYPE gitgateway_proxy_mirror_requests_total counter\n");
        text.Append(CultureInfo.InvariantCulture, $"gitgateway_proxy_mirror_requests_total {Interlocked.Read(ref _sent)}\n");
        text.Append("# TYPE gitgateway_proxy_mirror_abandoned_total counter\n");
        Line(text, Behind, ref _behind);
        Line(text, Ended, ref _ended);
        Line(text, Failed, ref _failed);
    }

    private static void Line(StringBuilder text, string reason, ref long value) =>
        text.Append(CultureInfo.InvariantCulture, $"gitgateway_proxy_mirror_abandoned_total{{reason=\"{reason}\"}} {Interlocked.Read(ref value)}\n");
}
