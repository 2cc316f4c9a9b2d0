using GitGateway.Conformance.Tests.Cases;
using GitGateway.Conformance.Tests.Running;
using GitGateway.Conformance.Tests.Setup;
using GitGateway.Plan;

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

    // The UDP probe names the backend by the echo that logged its token: a plan sending the by-port listener's
    // datagrams to the by-section Service must fail that request and name the pod that answered.
    [Fact]
    public async Task UdpPortAndSectionName_PlanRoutingToWrongBackend_FailsNamingThePod()
    {
        Assert.SkipUnless(CaseCatalog.Available, "conformance data not found (third_party/gateway-api/conformance)");
        const string test = "UDPRouteParentRefPortAndSectionName";
        var plan = CaseEnvironment.RenderPlan(CaseManifests.For(CaseCatalog.All[test], 0));
        static Plan.Model.Backend Swap(Plan.Model.Backend b) =>
            b.Name == "udp-echo-by-port" ? b with { Name = "udp-echo-by-section", Id = b.Id.Replace("udp-echo-by-port", "udp-echo-by-section", StringComparison.Ordinal) } : b;
        var wrong = plan with
        {
            Listeners = plan.Listeners.Select(l => l with
            {
                L4Routes = l.L4Routes.Select(r => r with { Backends = r.Backends.Select(Swap).ToEquatableArray() }).ToEquatableArray(),
            }).ToEquatableArray(),
        };
        var outcomes = await RunAsync(wrong, test);
        var failure = Assert.Single(outcomes, o => o.Failure is not null).Failure;
        Assert.Contains("udp-echo-by-section-", failure, StringComparison.Ordinal);
        Assert.Contains("udp-echo-by-port", failure, StringComparison.Ordinal);
    }

    private static async Task<IReadOnlyList<RequestOutcome>> RunAsync(Plan.Model.RoutingPlan plan, string test = "HTTPRouteSimpleSameNamespace")
    {
        Assert.SkipUnless(CaseCatalog.Available, "conformance data not found (third_party/gateway-api/conformance)");
        var dll = ProxyBinary.Find();
        Assert.True(dll is not null, "gitgateway-proxy.dll not found: build src/Proxy");
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        bound.CancelAfter(TimeSpan.FromSeconds(60));
        return await new CaseRunner(CaseCatalog.All[test], dll, plan).RunAsync(bound.Token);
    }
}
