using GitGateway.Proxy.Tests.Support;

namespace GitGateway.Proxy.Tests.Edge.Differential;

/// <summary>
/// The upstream-side differential: every answer of <see cref="UpstreamCorpus"/> given by a backend behind real
/// nginx and behind the node, to a client that sends two requests on one connection. What nginx refuses as a bad
/// gateway the node refuses too, and no smuggled answer or injected field reaches the client from the node. The
/// table is <c>docs/edge-differential.md</c>.
/// </summary>
public sealed class UpstreamDifferentialTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task HostileAnswers_ThroughNginxAndNode_NodeRelaysNothingNginxStops()
    {
        var cases = UpstreamCorpus.Cases;
        await using var rig = await DifferentialRig.StartAsync(
            cases.Count, (i, n) => n == 0 ? new RawAnswer(cases[i].Answer, Close: cases[i].Close) : new RawAnswer(UpstreamCorpus.Fresh), Token);

        var outcomes = await rig.ForEachAsync(async i =>
        {
            var nginx = RawExchange.SendAsync(rig.NginxPort(i), UpstreamCorpus.ClientRequests, Token);
            var us = RawExchange.SendAsync(rig.NodePort(i), UpstreamCorpus.ClientRequests, Token);
            return new UpstreamOutcome(cases[i], await nginx, await us);
        });

        var table = DifferentialTable.Render("Answers (upstream side)", outcomes.Select(o => (o.Case.Name, o.NginxCell, o.UsCell, o.Note)));
        TestContext.Current.TestOutputHelper?.WriteLine(table);
        var failures = outcomes.SelectMany(o => o.Failures()).ToList();
        Assert.True(failures.Count == 0, string.Join('\n', failures));
        DifferentialTable.Verify("answers", table);
    }
}
