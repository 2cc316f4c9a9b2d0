using System.Text;
using GitGateway.Proxy.Observability;

namespace GitGateway.Proxy.Tests.Observability;

public sealed class RouteLatencyHistogramsTests
{
    [Fact]
    public void Record_RouteSeenBefore_AllocatesNothing()
    {
        var histograms = new RouteLatencyHistograms();
        var route = "httproute/infra/a/rule/0/match/0";
        histograms.Record(route, TimeSpan.FromMilliseconds(3));

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            histograms.Record(route, TimeSpan.FromMilliseconds(i));
        }

        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
    }

    [Fact]
    public void Render_TwoRecords_CumulativeBucketsSumAndCount()
    {
        var histograms = new RouteLatencyHistograms();
        histograms.Record("r", TimeSpan.FromMilliseconds(2));
        histograms.Record("r", TimeSpan.FromSeconds(20));
        var text = new StringBuilder();

        histograms.Render(text, s => s);
        var lines = text.ToString().Split('\n');

        Assert.Contains("gitgateway_proxy_request_duration_seconds_bucket{route=\"r\",le=\"0.001\"} 0", lines);
        Assert.Contains("gitgateway_proxy_request_duration_seconds_bucket{route=\"r\",le=\"0.0025\"} 1", lines);
        Assert.Contains("gitgateway_proxy_request_duration_seconds_bucket{route=\"r\",le=\"10\"} 1", lines);
        Assert.Contains("gitgateway_proxy_request_duration_seconds_bucket{route=\"r\",le=\"+Inf\"} 2", lines);
        Assert.Contains("gitgateway_proxy_request_duration_seconds_sum{route=\"r\"} 20.002", lines);
        Assert.Contains("gitgateway_proxy_request_duration_seconds_count{route=\"r\"} 2", lines);
    }
}
