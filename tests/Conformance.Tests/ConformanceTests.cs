using GitGateway.Conformance.Tests.Cases;
using GitGateway.Conformance.Tests.Running;
using GitGateway.Conformance.Tests.Setup;
using GitGateway.Fixtures;

[assembly: AssemblyFixture(typeof(ConformanceReport))]

namespace GitGateway.Conformance.Tests;

/// <summary>
/// One row per in-scope Gateway API conformance test that sends traffic: the case's manifests are rendered,
/// served by a <c>gitgateway-proxy</c> process in front of echo backends, and every request expectation is checked.
/// </summary>
public sealed class ConformanceTests(ConformanceReport report)
{
    public static TheoryData<string> TrafficCases => [.. CaseCatalog.TrafficCaseNames];

    [Theory]
    [MemberData(nameof(TrafficCases))]
    public async Task Case_SentThroughProxy_MeetsEveryExpectation(string test)
    {
        var c = CaseCatalog.All[test];
        if (KnownGaps.Reasons.TryGetValue(test, out var reason))
        {
            report.RecordSkip(c, reason);
            Assert.Skip("known gap: " + reason);
        }

        var dll = ProxyBinary.Find();
        Assert.True(dll is not null, "gitgateway-proxy.dll not found: build src/Proxy (or set GITGATEWAY_PROXY_DLL)");
        RequireRenderedPlan(c);

        using var bound = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        bound.CancelAfter(TimeSpan.FromSeconds(90));
        var outcomes = await new CaseRunner(c, dll).RunAsync(bound.Token);
        var failures = outcomes.Where(o => o.Failure is not null)
            .Select(o => $"request #{o.Index} {o.Kind} '{o.Subtest}': {o.Failure}")
            .ToList();
        report.Record(c, failures);
        TestContext.Current.SendDiagnosticMessage($"{test}: {outcomes.Count - failures.Count}/{outcomes.Count} requests passed");
        Assert.True(failures.Count == 0, $"{test} ({c.Feature}):\n" + string.Join("\n", failures));
    }

    /// <summary>Until the renderer exists the plan is empty; that is a skip off CI, not a proxy failure.</summary>
    private static void RequireRenderedPlan(ConformanceCase c)
    {
        if (CaseEnvironment.RenderPlan(CaseManifests.For(c, 0)).Listeners.Count > 0)
        {
            return;
        }

        var message = $"the renderer produced no listeners for {c.Test}";
        if (Peer.OnCi)
        {
            Assert.Fail(message);
        }

        Assert.Skip(message);
    }
}
