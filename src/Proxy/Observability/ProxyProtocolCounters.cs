using System.Globalization;
using System.Text;

namespace GitGateway.Proxy.Observability;

/// <summary>
/// Connections the PROXY protocol acceptor closed: <c>gitgateway_proxy_proxy_protocol_refused_total{reason}</c>, where
/// <c>untrusted</c> = a peer outside the trusted proxies opened with a PROXY signature (someone posing as a balancer),
/// <c>invalid</c> = a trusted peer sent no header, a malformed one, or closed before a whole one, and <c>timeout</c> =
/// no header (or, from an untrusted peer, no first bytes) within the read timeout. A rising <c>untrusted</c> count is
/// spoofing; a rising <c>invalid</c> count is usually a balancer whose <c>send-proxy</c> setting does not match.
/// </summary>
internal sealed class ProxyProtocolCounters
{
    public const string Untrusted = "untrusted";
    public const string Invalid = "invalid";
    public const string Timeout = "timeout";

    private long _untrusted;
    private long _invalid;
    private long _timeout;

    public void Refused(string reason)
    {
        switch (reason)
        {
            case Untrusted:
                Interlocked.Increment(ref _untrusted);
                break;
            case Timeout:
                Interlocked.Increment(ref _timeout);
                break;
            default:
                Interlocked.Increment(ref _invalid);
                break;
        }
    }

    /// <summary>Refusals for <paramref name="reason"/> so far.</summary>
    public long Count(string reason) => reason switch
    {
        Untrusted => Interlocked.Read(ref _untrusted),
        Timeout => Interlocked.Read(ref _timeout),
        _ => Interlocked.Read(ref _invalid),
    };

    public void Render(StringBuilder text)
    {
        text.Append("# TYPE gitgateway_proxy_proxy_protocol_refused_total counter\n");
        foreach (var reason in (ReadOnlySpan<string>)[Untrusted, Invalid, Timeout])
        {
            text.Append(CultureInfo.InvariantCulture, $"gitgateway_proxy_proxy_protocol_refused_total{{reason=\"{reason}\"}} {Count(reason)}\n");
        }
    }
}
