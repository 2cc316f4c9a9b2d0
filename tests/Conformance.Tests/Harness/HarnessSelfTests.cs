using GitGateway.Conformance.Tests.Cases;
using GitGateway.Conformance.Tests.Running;
using GitGateway.Conformance.Tests.Setup;

namespace GitGateway.Conformance.Tests.Harness;

/// <summary>The harness checked against hand-written plans: a right plan passes, a wrong one is caught and named.</summary>
public sealed class HarnessSelfTests
{
    [Fact]
    public async Task SimpleSameNamespace_HandWrittenPlan_Passes()
    {
        var outcomes = await RunAsync(HandWrittenPlans.SimpleSameNamespace());
        Assert.All(outcomes, o => Assert.Null(o.Failure));
        Assert.NotEmpty(outcomes);
    }

    [Fact]
    public async Task SimpleSameNamespace_PlanRoutingToWrongBackend_FailsNamingThePod()
    {
        var outcomes = await RunAsync(HandWrittenPlans.SimpleSameNamespace("infra-backend-v2"));
        var failure = Assert.Single(outcomes).Failure;
        Assert.NotNull(failure);
        Assert.Contains("infra-backend-v2-", failure, StringComparison.Ordinal);
    }

    private static async Task<IReadOnlyList<RequestOutcome>> RunAsync(Plan.Model.RoutingPlan plan)
    {
        Assert.SkipUnless(CaseCatalog.Available, "conformance data not found (third_party/gateway-api/conformance)");
        var dll = ProxyBinary.Find();
        Assert.True(dll is not null, "gitgateway-proxy.dll not found: build src/Proxy");
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        bound.CancelAfter(TimeSpan.FromSeconds(60));
        return await new CaseRunner(CaseCatalog.All["HTTPRouteSimpleSameNamespace"], dll, plan).RunAsync(bound.Token);
    }
}
