using System.Net.Sockets;
using System.Text;
using GitGateway.Conformance.Tests.Setup;
using GitGateway.Fixtures.Echo;

namespace GitGateway.Conformance.Tests.Traffic;

/// <summary>
/// The UDP request kinds (<c>expectEcho</c>, <c>expectEchoFromBackend</c>, samples for <c>weightedDistribution</c>):
/// a datagram with a token only this probe sends goes to the gateway's UDP port from a fresh socket (a new source
/// port, so a new session on the node), must come back unchanged, and the backend that answered is the one whose
/// echo logged the token. A datagram carries no pod name, unlike the HTTP echo's JSON.
/// </summary>
internal static class UdpProbe
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(2);

    /// <summary>One exchange; the problem (null when echoed) and the pod that answered ("" when none).</summary>
    public static async Task<(string? Problem, string Pod)> EchoAsync(int port, BackendSet backends, CancellationToken ct)
    {
        var token = "gitgateway-udp-" + Guid.NewGuid().ToString("N");
        var sent = Encoding.UTF8.GetBytes(token);
        using var client = new UdpClient(System.Net.Sockets.AddressFamily.InterNetwork);
        try
        {
            client.Connect("127.0.0.1", port);
            await client.SendAsync(sent, ct);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(Wait);
            var answer = await client.ReceiveAsync(timeout.Token);
            if (!answer.Buffer.AsSpan().SequenceEqual(sent))
            {
                return ($"the answer ({answer.Buffer.Length} bytes) is not the datagram sent ({sent.Length} bytes)", "");
            }
        }
        catch (SocketException e)
        {
            return ($"UDP exchange failed: {e.SocketErrorCode}", "");
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return ($"no answer within {Wait.TotalSeconds:0} s", "");
        }

        var pod = backends.PodThatSaw(EchoEvent.UdpDatagramPrefix + token);
        return pod is null ? ("answered, but by no backend of the case (the datagram never reached an echo)", "") : (null, pod);
    }
}
