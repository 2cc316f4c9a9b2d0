using System.Runtime.CompilerServices;
using GitGateway.Fixtures.Metrics;
using GitGateway.Proxy.Admission;
using GitGateway.Proxy.Hosting;
using GitGateway.Proxy.Observability;
using Microsoft.Extensions.Logging.Abstractions;

namespace GitGateway.Proxy.Tests.Hosting;

/// <summary>
/// The JIT's figures on the admin endpoint's <c>/metrics</c>: a method compiled between two scrapes (a generic
/// instantiation over a type nothing else uses, so its code cannot exist before the call) is counted, and neither the
/// count nor the time spent compiling ever goes back.
/// </summary>
public sealed class JitGaugesTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Metrics_MethodCompiledBetweenScrapes_CountedAndTimeNeverGoesBack()
    {
        var admin = new AdminServer(new KestrelFactory(NullLoggerFactory.Instance, ConnectionLimits.Default), new ProxyMetrics(), () => new NodeReadiness(true, null, []), () => { });
        var port = await admin.StartAsync(0, Token);
        try
        {
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            var before = await ScrapeAsync(client);
            Assert.Equal(7, CompiledOnFirstCall(new OnlyHere(7)));
            var after = await ScrapeAsync(client);

            Assert.True(Value(after, "gitgateway_proxy_jit_methods_total") > Value(before, "gitgateway_proxy_jit_methods_total"));
            Assert.True(Value(before, "gitgateway_proxy_jit_seconds_total") > 0);
            Assert.True(Value(after, "gitgateway_proxy_jit_seconds_total") >= Value(before, "gitgateway_proxy_jit_seconds_total"));
        }
        finally
        {
            await admin.StopAsync(Token);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int CompiledOnFirstCall<T>(T value)
        where T : struct, IValue => value.Value;

    private static async Task<IReadOnlyList<PrometheusSample>> ScrapeAsync(HttpClient client)
    {
        var text = await client.GetStringAsync("/metrics", Token);
        return PrometheusText.Parse(text).Samples;
    }

    private static double Value(IReadOnlyList<PrometheusSample> samples, string name) => samples.Single(s => s.Name == name).Value;

    private interface IValue
    {
        int Value { get; }
    }

    private readonly record struct OnlyHere(int Value) : IValue;
}
