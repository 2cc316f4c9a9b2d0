using System.Net.WebSockets;
using Microsoft.AspNetCore.Http;

namespace GitGateway.Fixtures.Echo;

/// <summary>The <c>/ws</c> endpoint: every text or binary message comes back unchanged until the client closes.</summary>
internal static class WebSocketEcho
{
    public static async Task RunAsync(HttpContext context, CancellationToken ct)
    {
        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        var buffer = new byte[64 * 1024];
        while (socket.State == WebSocketState.Open)
        {
            var message = new MemoryStream();
            WebSocketReceiveResult result;
            do
            {
                result = await socket.ReceiveAsync(buffer, ct);
                message.Write(buffer, 0, result.Count);
            }
            while (!result.EndOfMessage);

            if (result.MessageType == WebSocketMessageType.Close)
            {
                await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, ct);
                return;
            }

            await socket.SendAsync(message.ToArray(), result.MessageType, endOfMessage: true, ct);
        }
    }
}
