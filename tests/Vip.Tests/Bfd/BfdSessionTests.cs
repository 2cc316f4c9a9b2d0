using System.Net;
using GitGateway.Fixtures;
using GitGateway.Plan.Model;
using GitGateway.Vip.Bfd;
using GitGateway.Vip.Tests.Peers;
using Microsoft.Extensions.Logging.Abstractions;

namespace GitGateway.Vip.Tests.Bfd;

public sealed class BfdSessionTests
{
    [Fact]
    public async Task BfdSession_TwoEndsThenOneFallsSilent_BothUpThenOtherDetectsDown()
    {
        var ct = TestContext.Current.CancellationToken;
        var settings = new BfdSettings(3, 50, 50);
        int portA = Ports.FreeUdp(), portB = Ports.FreeUdp();
        using var endpointA = new BfdEndpoint(IPAddress.Loopback, portA, NullLogger.Instance);
        using var endpointB = new BfdEndpoint(IPAddress.Loopback, portB, NullLogger.Instance);
        var changesA = new List<(BfdState, BfdState)>();
        using var a = new BfdSession(IPAddress.Loopback, settings, IPAddress.Loopback, TimeProvider.System, NullLogger.Instance, (f, t) => { lock (changesA) { changesA.Add((f, t)); } });
        using var b = new BfdSession(IPAddress.Loopback, settings, IPAddress.Loopback, TimeProvider.System, NullLogger.Instance, (_, _) => { });
        endpointA.Register(a);
        endpointB.Register(b);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        using var stopB = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var running = Task.WhenAll(endpointA.RunAsync(stop.Token), endpointB.RunAsync(stop.Token), a.RunAsync(portB, stop.Token));
        var runningB = b.RunAsync(portA, stopB.Token);

        var up = await Command.PollAsync(() => Task.FromResult((a.State, b.State)), s => s == (BfdState.Up, BfdState.Up), TimeSpan.FromSeconds(5), ct);
        Assert.Equal((BfdState.Up, BfdState.Up), up);
        await stopB.CancelAsync();
        await runningB;
        var down = await Command.PollAsync(() => Task.FromResult(a.State), s => s == BfdState.Down, TimeSpan.FromSeconds(5), ct);

        Assert.Equal(BfdState.Down, down);
        lock (changesA)
        {
            Assert.Contains((BfdState.Up, BfdState.Down), changesA);
        }

        await stop.CancelAsync();
        await running;
    }
}
