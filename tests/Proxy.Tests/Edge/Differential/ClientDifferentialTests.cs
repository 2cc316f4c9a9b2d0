using GitGateway.Proxy.Tests.Support;

namespace GitGateway.Proxy.Tests.Edge.Differential;

/// <summary>
/// The client-side differential: every request of <see cref="ClientCorpus"/> sent to real nginx and to the node.
/// What nginx refuses the node refuses (nothing reaches its backend), and what reaches the backend from the
/// node is as many unambiguous requests as the client sent, never more. Where the node is stricter the table
/// says so. The table is <c>docs/edge-differential.md</c>.
/// </summary>
public sealed class ClientDifferentialTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task HostileRequests_SentToNginxAndNode_NodeLetsThroughNothingNginxStops()
    {
        var cases = ClientCorpus.Cases;
        await using var rig = await DifferentialRig.StartAsync(cases.Count, (_, _) => new RawAnswer("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"), Token);

        var outcomes = await rig.ForEachAsync(i => RunAsync(rig, i, cases[i]));

        var table = DifferentialTable.Render("Requests (client side)", outcomes.Select(o => (o.Case.Name, o.NginxCell, o.UsCell, o.Note)));
        var output = TestContext.Current.TestOutputHelper;
        output?.WriteLine(table);
        foreach (var outcome in outcomes.Where(o => o.UsReceived.Count > 0))
        {
            output?.WriteLine($"{outcome.Case.Name}: the node's backend received {Shown(string.Concat(outcome.UsReceived))}");
        }

        var failures = outcomes.SelectMany(o => o.Failures()).ToList();
        Assert.True(failures.Count == 0, string.Join('\n', failures));
        DifferentialTable.Verify("requests", table);
    }

    private static async Task<ClientOutcome> RunAsync(DifferentialRig rig, int i, ClientCase hostile)
    {
        var nginx = RawExchange.SendAsync(rig.NginxPort(i), hostile.Bytes, Token);
        var us = RawExchange.SendAsync(rig.NodePort(i), hostile.Bytes, Token);
        await Task.WhenAll(nginx, us);
        var ours = rig.NodeBackend(i);
        return new ClientOutcome(hostile, await nginx, rig.NginxBackend(i).Requests, await us, ours.Requests, ours.Heads, ours.Received);
    }

    private static string Shown(string bytes) =>
        string.Concat(bytes.Take(400).Select(c => c is >= ' ' and < '\u007f' ? c.ToString() : $"\\x{(int)c:x2}"));
}
