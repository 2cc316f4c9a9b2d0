using GitGateway.Fixtures.Metrics;
using GitGateway.Proxy.Admission;
using GitGateway.Proxy.Hosting;
using GitGateway.Proxy.Observability;
using Microsoft.Extensions.Logging.Abstractions;

namespace GitGateway.Proxy.Tests.Hosting;

/// <summary>
/// The GC's figures on the admin endpoint's <c>/metrics</c>: every generation reported, objects the test keeps alive
/// counted in the generation the GC puts them in (a large array on the large object heap, a pinned one on the pinned
/// object heap), a collection the test induces counted, and committed memory never below what the generations hold.
/// </summary>
public sealed class MemoryGaugesTests
{
    private const int ArrayBytes = 2 * 1024 * 1024;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Metrics_AfterFullCollection_ReportsKeptArraysAndTheCollection()
    {
        var admin = new AdminServer(new KestrelFactory(NullLoggerFactory.Instance, ConnectionLimits.Default), new ProxyMetrics(), () => new NodeReadiness(true, null, []), () => { });
        var port = await admin.StartAsync(0, Token);
        try
        {
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            var before = await ScrapeAsync(client);
            var large = new byte[ArrayBytes];
            var pinned = GC.AllocateArray<byte>(ArrayBytes, pinned: true);
            GC.Collect(2, GCCollectionMode.Forced, blocking: true);
            var after = await ScrapeAsync(client);
            GC.KeepAlive(large);
            GC.KeepAlive(pinned);

            Assert.Equal(["0", "1", "2", "loh", "poh"], after.Where(s => s.Name == "gitgateway_proxy_gc_generation_bytes").Select(s => s.Labels["generation"]));
            Assert.True(Value(after, "gitgateway_proxy_gc_generation_bytes", "loh") >= ArrayBytes);
            Assert.True(Value(after, "gitgateway_proxy_gc_generation_bytes", "poh") >= ArrayBytes);
            Assert.True(Value(after, "gitgateway_proxy_gc_collections_total", "2") > Value(before, "gitgateway_proxy_gc_collections_total", "2"));
            var generations = after.Where(s => s.Name == "gitgateway_proxy_gc_generation_bytes").Sum(s => s.Value);
            Assert.True(after.Single(s => s.Name == "gitgateway_proxy_gc_committed_bytes").Value >= generations);
            Assert.True(after.Single(s => s.Name == "gitgateway_proxy_gc_fragmented_bytes").Value >= 0);
        }
        finally
        {
            await admin.StopAsync(Token);
        }
    }

    private static async Task<IReadOnlyList<PrometheusSample>> ScrapeAsync(HttpClient client)
    {
        var text = await client.GetStringAsync("/metrics", Token);
        return PrometheusText.Parse(text).Samples;
    }

    private static double Value(IReadOnlyList<PrometheusSample> samples, string name, string generation) =>
        samples.Single(s => s.Name == name && s.Labels["generation"] == generation).Value;
}
