using System.Buffers;
using System.Net;
using GitGateway.Proxy.Forwarding;
using GitGateway.Proxy.Observability;
using Microsoft.AspNetCore.Connections;

namespace GitGateway.Proxy.Admission;

/// <summary>
/// PROXY protocol v1/v2 on a port (opt-in, <c>--proxy-protocol on</c>), as HAProxy's <c>accept-proxy</c> and nginx's
/// <c>proxy_protocol</c> read it, but only from the <c>--trusted-proxies</c>: a trusted peer must open with a header
/// (within <see cref="HeaderTimeout"/>), whose source address then becomes the connection's remote address (what
/// X-Forwarded-For, IPFilter, rate limits and the access log see); a missing or malformed header closes the
/// connection. An untrusted peer is served as a direct client, but one that opens with a PROXY signature is closed:
/// it is claiming to speak for someone else. On TCP ports (where the server may speak first) an untrusted peer's
/// bytes are not looked at; a header it sends reaches the backend as data and is never honoured. Every connection it
/// closes is counted by reason (<see cref="ProxyProtocolCounters"/>).
/// </summary>
internal sealed class ProxyProtocolAcceptor(EdgePolicy edge, bool clientSpeaksFirst, TimeProvider time, ProxyProtocolCounters counters)
{
    public static readonly TimeSpan HeaderTimeout = TimeSpan.FromSeconds(5);

    public async Task AcceptAsync(ConnectionContext connection, ConnectionDelegate next)
    {
        var peer = (connection.RemoteEndPoint as IPEndPoint)?.Address;
        var trusted = edge.IsTrusted(peer);
        if (!trusted && !clientSpeaksFirst)
        {
            await next(connection);
            return;
        }

        if (await RefusalAsync(connection, trusted) is { } refused)
        {
            if (refused.Length > 0)
            {
                counters.Refused(refused);
            }

            connection.Abort(new ConnectionAbortedException("PROXY protocol header refused"));
            return;
        }

        await next(connection);
    }

    /// <summary>
    /// Why the connection is closed (a <see cref="ProxyProtocolCounters"/> reason; empty when an untrusted peer left
    /// before saying anything, which refuses nothing), or null to serve it.
    /// </summary>
    private async Task<string?> RefusalAsync(ConnectionContext connection, bool trusted)
    {
        try
        {
            using var deadline = new Deadline(connection.ConnectionClosed, (long)HeaderTimeout.TotalMilliseconds, time);
            if (trusted)
            {
                return await ReadHeaderAsync(connection, deadline.Token) ? null : ProxyProtocolCounters.Invalid;
            }

            return await HasNoHeaderAsync(connection, deadline.Token) ? null : ProxyProtocolCounters.Untrusted;
        }
        catch (OperationCanceledException)
        {
            // The read timeout fired, or the peer left (a trusted one before its header was whole).
            return !connection.ConnectionClosed.IsCancellationRequested ? ProxyProtocolCounters.Timeout
                : trusted ? ProxyProtocolCounters.Invalid
                : "";
        }
    }

    private static async Task<bool> ReadHeaderAsync(ConnectionContext connection, CancellationToken cancellationToken)
    {
        var input = connection.Transport.Input;
        while (true)
        {
            var read = await input.ReadAsync(cancellationToken);
            var buffer = read.Buffer;
            var head = buffer.Slice(0, Math.Min(buffer.Length, 16 + ProxyProtocolParser.MaxV2Payload));
            var status = ProxyProtocolParser.TryParse(head.IsSingleSegment ? head.FirstSpan : head.ToArray(), out var header);
            if (status == OperationStatus.Done)
            {
                input.AdvanceTo(buffer.GetPosition(header.Length));
                if (header.Source is { } source)
                {
                    connection.RemoteEndPoint = source;
                }

                return true;
            }

            input.AdvanceTo(buffer.Start, buffer.End);
            if (status == OperationStatus.InvalidData || read.IsCompleted)
            {
                return false;
            }
        }
    }

    private static async Task<bool> HasNoHeaderAsync(ConnectionContext connection, CancellationToken cancellationToken)
    {
        var input = connection.Transport.Input;
        while (true)
        {
            var read = await input.ReadAsync(cancellationToken);
            var buffer = read.Buffer;
            var head = buffer.Slice(0, Math.Min(buffer.Length, ProxyProtocolParser.V2Signature.Length));
            var status = ProxyProtocolParser.StartsWithSignature(head.ToArray());
            if (status != OperationStatus.NeedMoreData || read.IsCompleted)
            {
                input.AdvanceTo(buffer.Start); // leave every byte for the next stage
                return status != OperationStatus.Done;
            }

            input.AdvanceTo(buffer.Start, buffer.End);
        }
    }
}
