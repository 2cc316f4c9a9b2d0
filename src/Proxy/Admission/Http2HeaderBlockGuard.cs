using System.IO.Pipelines;
using System.Net.Security;
using GitGateway.Proxy.Observability;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;

namespace GitGateway.Proxy.Admission;

/// <summary>
/// Bounds the frames of one HTTP/2 header block (the CONTINUATION flood, CVE-2024-27316 class). Kestrel bounds a
/// block's bytes, but empty CONTINUATION frames add none: measured, it took two million of them on one connection
/// and closed it only when the request-headers timeout fired. On HTTP/2 connections this reads the frame headers
/// as Kestrel reads the bytes and closes the connection when a header block spans more than
/// <see cref="MaxHeaderBlockFrames"/> frames. A client splits a block at the frame size it was granted (16 KiB by
/// default), so the 64 KiB of headers a node accepts need at most 5 frames.
/// </summary>
internal sealed class Http2HeaderBlockGuard(OverloadCounters counters)
{
    /// <summary>HEADERS plus CONTINUATION frames one header block may span (nghttp2 allows 1 + 8).</summary>
    public const int MaxHeaderBlockFrames = 32;

    public Task GuardAsync(ConnectionContext connection, ConnectionDelegate next)
    {
        var protocol = connection.Features.Get<ITlsApplicationProtocolFeature>()?.ApplicationProtocol;
        if (protocol is { } chosen && chosen.Span.SequenceEqual(SslApplicationProtocol.Http2.Protocol.Span))
        {
            var transport = connection.Transport;
            var reader = new Http2FrameCountingReader(transport.Input, MaxHeaderBlockFrames, () =>
            {
                counters.HeaderFlood();
                connection.Abort(new ConnectionAbortedException("HTTP/2 header block spans too many frames"));
            });
            connection.Transport = new GuardedPipe(reader, transport.Output);
        }

        return next(connection);
    }

    private sealed class GuardedPipe(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;

        public PipeWriter Output { get; } = output;
    }
}
