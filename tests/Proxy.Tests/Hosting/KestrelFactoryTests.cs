using System.Diagnostics.Metrics;
using System.Net;
using GitGateway.Proxy.Admission;
using GitGateway.Proxy.Hosting;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace GitGateway.Proxy.Tests.Hosting;

/// <summary>
/// A server from <see cref="KestrelFactory"/> reads and writes through Kestrel's block pool, which its own host's meter
/// reports, and not through <c>MemoryPool&lt;byte&gt;.Shared</c> (what a hand-made transport used, which no meter sees):
/// the pool whose blocks stay pooled under h2c load instead of becoming garbage (bench/node/README.md).
/// </summary>
public sealed class KestrelFactoryTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Create_RequestsServed_BuffersRentedFromTheServersBlockPool()
    {
        IMeterFactory? meters = null;
        var server = new KestrelFactory(NullLoggerFactory.Instance, ConnectionLimits.Default).Create(options =>
        {
            meters = options.ApplicationServices.GetRequiredService<IMeterFactory>();
            options.Listen(IPAddress.Loopback, 0);
        });
        long rented = 0;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Scope == meters && instrument.Name == "aspnetcore.memory_pool.rented")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref rented, value));
        listener.Start();
        await server.StartAsync(new ProxyApplication(context => context.Response.WriteAsync("ok", context.RequestAborted)), Token);
        try
        {
            var address = server.Features.Get<IServerAddressesFeature>()!.Addresses.Single();
            using var client = new HttpClient();
            for (var i = 0; i < 3; i++)
            {
                Assert.Equal("ok", await client.GetStringAsync(address, Token));
            }

            Assert.NotNull(meters);
            Assert.True(Interlocked.Read(ref rented) >= 4096, $"rented {rented} bytes from the server's block pool");
        }
        finally
        {
            await server.StopAsync(Token);
            server.Dispose();
        }
    }
}
