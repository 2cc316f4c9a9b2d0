using System.Net.Security;
using System.Net.Sockets;

namespace GitGateway.Proxy.Forwarding;

/// <summary>
/// An HTTP client for the backends of one TLS configuration. The handler dials the endpoint and opens TLS
/// itself (its own SNI, trust and names, not the request's Host), then speaks HTTP/1.1 or HTTP/2 over it, with
/// <c>:scheme https</c> on HTTP/2 (a backend such as Kestrel resets a stream whose scheme does not match its TLS). Each
/// configuration has its own connection pool, so a connection validated for one policy never serves another.
/// </summary>
internal sealed class UpstreamTlsClient
{
    public UpstreamTlsClient(UpstreamTlsSettings settings, TimeSpan connectTimeout, Upstream.UpstreamConnectionOptions? connections = null)
    {
        Settings = settings;
        var handler = ForwarderClient.Handler(connectTimeout, connections);
        handler.ConnectCallback = ConnectAsync;
        Invoker = new HttpMessageInvoker(handler, disposeHandler: true);
    }

    public UpstreamTlsSettings Settings { get; }

    /// <summary>
    /// Sends over TLS: requests go to <see cref="SecureOrigin"/>; the handler uses the authenticated
    /// <see cref="SslStream"/> this client's dialling returns as it is (no second handshake, none of its own
    /// validation), so the SNI, trust and names are the policy's, not the request's Host.
    /// </summary>
    public HttpMessageInvoker Invoker { get; }

    /// <summary><c>https://host:port</c> of an endpoint: what a request sent through <see cref="Invoker"/> must target.</summary>
    public static string SecureOrigin(string authority) => "https://" + authority;

    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        var http2 = context.InitialRequestMessage.Version.Major >= 2;
        return await Settings.AuthenticateAsync(new NetworkStream(socket, ownsSocket: true), http2 ? SslApplicationProtocol.Http2 : SslApplicationProtocol.Http11, cancellationToken);
    }
}
