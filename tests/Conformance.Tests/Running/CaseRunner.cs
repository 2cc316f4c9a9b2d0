using System.Text.Json;
using GitGateway.Conformance.Tests.Cases;
using GitGateway.Conformance.Tests.Setup;
using GitGateway.Conformance.Tests.Traffic;
using GitGateway.Plan.Model;

namespace GitGateway.Conformance.Tests.Running;

/// <summary>
/// Runs one case: for each phase, an environment (plan, echo backends, proxies), then every request item of that
/// phase in order, each checked as README section 3.2 says.
/// </summary>
/// <param name="c">The case.</param>
/// <param name="proxyDll">The gitgateway-proxy build to run.</param>
/// <param name="planOverride">A plan to serve instead of the rendered one (the harness's own self-tests).</param>
internal sealed class CaseRunner(ConformanceCase c, string proxyDll, RoutingPlan? planOverride = null)
{
    public async Task<IReadOnlyList<RequestOutcome>> RunAsync(CancellationToken ct)
    {
        var outcomes = new List<RequestOutcome>();
        for (var phase = 0; phase <= CaseManifests.MaxPhase(c); phase++)
        {
            var items = c.Requests.Select((r, i) => (r, i)).Where(x => CaseEnvironment.Phase(x.r) == phase).ToList();
            if (items.Count == 0)
            {
                continue;
            }

            await using var env = await CaseEnvironment.StartAsync(c, phase, proxyDll, planOverride, ct);
            using var http = new HttpProbe(CaseEnvironment.Secrets);
            using var streams = new StreamProbes(CaseEnvironment.Secrets);
            var kinds = new RequestKinds(env, http, streams) { NewerBackends = CaseManifests.BackendsAppliedIn(c, phase) };
            foreach (var (item, index) in items)
            {
                string? failure;
                try
                {
                    failure = await kinds.RunAsync(item, ct);
                }
                catch (InvalidOperationException e)
                {
                    failure = e.Message;
                }

                outcomes.Add(new RequestOutcome(index, item.GetProperty("kind").GetString()!, Subtest(item), failure));
            }
        }

        return outcomes;
    }

    private static string Subtest(JsonElement item) =>
        item.TryGetProperty("subtest", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString()! : "";
}
