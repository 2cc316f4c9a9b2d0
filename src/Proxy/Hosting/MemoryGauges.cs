using System.Globalization;
using System.Text;

namespace GitGateway.Proxy.Hosting;

/// <summary>
/// Where the managed heap's memory is, for <c>/metrics</c>, as the GC saw it at its last collection:
/// <c>gitgateway_proxy_gc_committed_bytes</c> (what the GC holds from the OS, free or not),
/// <c>gitgateway_proxy_gc_fragmented_bytes</c> (free space between live objects),
/// <c>gitgateway_proxy_gc_generation_bytes{generation}</c> (each generation after that collection: 0, 1, 2, the large
/// and the pinned object heap) and <c>gitgateway_proxy_gc_collections_total{generation}</c>. Committed minus the
/// generations is what the GC keeps ready for new allocations (the gen0 budget), which grows under load.
/// Read-only: rendering collects nothing and costs one <see cref="GC.GetGCMemoryInfo()"/> per scrape.
/// </summary>
internal static class MemoryGauges
{
    private static readonly string[] Generations = ["0", "1", "2", "loh", "poh"];

    public static string Render()
    {
        var text = new StringBuilder();
        var info = GC.GetGCMemoryInfo();
        text.Append("# TYPE gitgateway_proxy_gc_committed_bytes gauge\n");
        text.Append(CultureInfo.InvariantCulture, $"gitgateway_proxy_gc_committed_bytes {info.TotalCommittedBytes}\n");
        text.Append("# TYPE gitgateway_proxy_gc_fragmented_bytes gauge\n");
        text.Append(CultureInfo.InvariantCulture, $"gitgateway_proxy_gc_fragmented_bytes {info.FragmentedBytes}\n");
        text.Append("# TYPE gitgateway_proxy_gc_generation_bytes gauge\n");
        var generations = info.GenerationInfo;
        for (var i = 0; i < generations.Length && i < Generations.Length; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"gitgateway_proxy_gc_generation_bytes{{generation=\"{Generations[i]}\"}} {generations[i].SizeAfterBytes}\n");
        }

        text.Append("# TYPE gitgateway_proxy_gc_collections_total counter\n");
        for (var i = 0; i <= GC.MaxGeneration; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"gitgateway_proxy_gc_collections_total{{generation=\"{Generations[i]}\"}} {GC.CollectionCount(i)}\n");
        }

        return text.ToString();
    }
}
