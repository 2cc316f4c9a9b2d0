using System.Net;
using System.Text.Json;
using GitGateway.Proxy.Admission;
using GitGateway.Proxy.Hosting;
using GitGateway.Proxy.Observability;
using Microsoft.Extensions.Logging.Abstractions;

namespace GitGateway.Proxy.Tests.Hosting;

/// <summary>
/// The admin endpoint's <c>/readyz</c> document, now written by a source-generated context: the same bytes System.Text.Json's
/// reflection serializer writes for the same state (what the node answered before), with every member set and with nulls.
/// </summary>
public sealed class AdminServerTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public static TheoryData<bool> Readiness() => [true, false];

    [Theory]
    [MemberData(nameof(Readiness))]
    public async Task Readyz_EveryMemberOrNulls_SameBytesAsReflectionSerializer(bool ready)
    {
        var state = ready
            ? new NodeReadiness(true, "sha256:ab<cd>", [80, 443]) { Source = "main@1234 \"é\" & <x>" }
            : new NodeReadiness(false, null, []) { RejectedPlanHash = "sha256:ef", RejectedError = "plan.json:3: bad\n\u0001" };
        var admin = new AdminServer(new KestrelFactory(NullLoggerFactory.Instance, ConnectionLimits.Default), new ProxyMetrics(), () => state, () => { });
        var port = await admin.StartAsync(0, Token);
        try
        {
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            using var response = await client.GetAsync("/readyz", Token);

            Assert.Equal(ready ? HttpStatusCode.OK : HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal(JsonSerializer.Serialize(state), await response.Content.ReadAsStringAsync(Token));
        }
        finally
        {
            await admin.StopAsync(Token);
        }
    }
}
