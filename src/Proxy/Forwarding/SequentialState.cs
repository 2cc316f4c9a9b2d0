using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;

namespace GitGateway.Proxy.Forwarding;

/// <summary>
/// Objects kept with what serves one request at a time, reused by each of its requests instead of allocated per request:
/// an HTTP/1.x client connection, or an HTTP/2 stream. Where requests may overlap (a state that is not a stream's on
/// HTTP/2, HTTP/3) or a host keeps no connection state there is none.
/// </summary>
/// <remarks>
/// Kestrel keeps an HTTP/2 stream's persistent state with the stream, which it pools per connection and reuses for one
/// request at a time; the stream is the object behind both its id feature and its persistent state, which is how its
/// state is told apart from a connection's that concurrent streams would share.
/// </remarks>
internal static class SequentialState
{
    /// <summary>The object kept under <paramref name="key"/>, made by <paramref name="create"/> the first time; null where there is no such state.</summary>
    public static T? Of<T>(HttpContext context, object key, Func<T> create)
        where T : class
    {
        // The indexer, not Get<T>(): a generic interface method is dispatched through a runtime lookup on every call.
        if (context.Features[typeof(IPersistentStateFeature)] is not IPersistentStateFeature persistent || !OneAtATime(context, persistent))
        {
            return null;
        }

        var state = persistent.State;
        if (state.TryGetValue(key, out var kept) && kept is T own)
        {
            return own;
        }

        var created = create();
        state[key] = created;
        return created;
    }

    private static bool OneAtATime(HttpContext context, IPersistentStateFeature persistent)
    {
        var protocol = context.Request.Protocol;
        return HttpProtocol.IsHttp11(protocol) || HttpProtocol.IsHttp10(protocol)
            || (HttpProtocol.IsHttp2(protocol) && ReferenceEquals(context.Features[typeof(IHttp2StreamIdFeature)], persistent));
    }
}
