using System.Net;
using System.Text.Json;
using GitGateway.Proxy.Sync;

namespace GitGateway.Proxy.Tests.Sync;

/// <summary>
/// The body a node posts to the control plane's <c>/report</c>, now written by a source-generated context: the same bytes
/// as the reflection serializer under <see cref="System.Net.Http.Json.JsonContent"/>'s web defaults wrote for the anonymous
/// shape it had before, with every member set and with nulls.
/// </summary>
public sealed class ControlPlaneReportTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public static TheoryData<bool> Full() => [true, false];

    [Theory]
    [MemberData(nameof(Full))]
    public async Task ReportAsync_EveryMemberOrNulls_SameBytesAsReflectionOfTheFormerShape(bool full)
    {
        var report = full
            ? new PlanApplyReport("node-1", "sha256:ab", false, "plan.json:3: \"bad\" <é>", true)
            {
                Peers = [new PeerReport("127.0.0.1", 64512, "Established", 12.5, 3, 0, null) { Advertised = ["10.0.0.1/32"] }],
                Serving = "sha256:cd",
                VipServing = ["vip-a"],
                VipHeld = [],
                Routes = [new RouteCounters("default/web/0", 10, 1, 0)],
            }
            : new PlanApplyReport("node-1", "sha256:ab", true, null, false);
        var handler = new Capture();
        using var http = new HttpClient(handler);
        var source = new ControlPlanePlanSource(http, new ControlPlaneOptions(new Uri("http://127.0.0.1:9/"), "node-1", "t"), TimeProvider.System);

        await source.ReportAsync(report, Token);

        Assert.Equal("application/json; charset=utf-8", handler.ContentType);
        Assert.Equal(Former(report), handler.Body);
    }

    private static string Former(PlanApplyReport report) =>
        JsonSerializer.Serialize(
            new
            {
                planHash = report.PlanHash,
                accepted = report.Accepted,
                error = report.Error,
                ready = report.Ready,
                peers = report.Peers,
                serving = report.Serving,
                vipServing = report.VipServing,
                vipHeld = report.VipHeld,
                routes = report.Routes,
            },
            JsonSerializerOptions.Web);

    private sealed class Capture : HttpMessageHandler
    {
        public string? Body { get; private set; }

        public string? ContentType { get; private set; }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Body = await request.Content!.ReadAsStringAsync(cancellationToken);
            ContentType = request.Content.Headers.ContentType?.ToString();
            return new HttpResponseMessage(HttpStatusCode.OK);
        }
    }
}
