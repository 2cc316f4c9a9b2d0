using GitGateway.Plan.Model;
using GitGateway.Proxy.Sync;

namespace GitGateway.Reconciler.Tests.EndToEnd;

/// <summary>
/// A node that takes plans through the real control-plane client (<see cref="ControlPlanePlanSource"/>), keeps
/// the last one it was given as the plan it serves, and ACKs each one as ready.
/// </summary>
internal sealed class TestNode : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly HttpClient _http = new();

    public TestNode(Uri controlPlane, string name, string token, string? lastGoodPath = null)
    {
        Name = name;
        Source = new ControlPlanePlanSource(_http, new ControlPlaneOptions(controlPlane, name, token, lastGoodPath, WaitSeconds: 5), TimeProvider.System);
        _loop = Task.Run(RunAsync);
    }

    public string Name { get; }

    public ControlPlanePlanSource Source { get; }

    public RoutingPlan? Serving { get; private set; }

    public string? ServingHash { get; private set; }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
            // stopped
        }

        _stop.Dispose();
        _http.Dispose();
    }

    private async Task RunAsync()
    {
        await foreach (var plan in Source.WatchAsync(_stop.Token))
        {
            Serving = plan;
            ServingHash = Source.CurrentHash;
            try
            {
                await Source.ReportAsync(new PlanApplyReport(Name, ServingHash!, true, null, true), _stop.Token);
            }
            catch (HttpRequestException)
            {
                // the control plane is away; it learns the node's state on the next poll
            }
        }
    }
}
