using System.Diagnostics.Tracing;
using System.Globalization;
using GitGateway.Renderer.Diagnostics;
using GitGateway.Renderer.Layout;
using GitGateway.Renderer.Manifests;
using GitGateway.Renderer.Rendering;
using GitGateway.Renderer.Schemas;

namespace GitGateway.Render.Bench;

/// <summary>
/// What each part of the per-file load allocates, by type: the YAML parse, the schema pass and the typed read of the
/// routes, each run warm on one thread (two rounds first), then once more under a listener of the runtime's
/// allocation ticks (one event per about 100 KB a thread allocates, naming the type of the object that crossed the
/// mark), so a type's share of the ticks is its share of the bytes. The exact total of each part comes from
/// <see cref="GC.GetAllocatedBytesForCurrentThread"/>.
/// </summary>
internal static class AllocTypes
{
    private const int Shown = 14;

    public static void Run(SourceFiles.Result read)
    {
        var layout = RepoLayout.Load(read.Files).Config;
        var files = read.Files.Where(f => ManifestLoader.IsManifestFile(f.Path)).ToList();
        List<YamlMapping> Parse() => [.. files.SelectMany(f => YamlDocumentReader.Read(f.Path, f.Content, new DiagnosticBag())).OfType<YamlMapping>()];
        var roots = Parse();
        var schemas = roots.Select(r => (Root: r, Schema: LoadStages.SchemaOf(r))).Where(r => r.Schema is not null).ToList();
        void Schema() => schemas.ForEach(r => SchemaValidator.Validate(r.Root, r.Schema!.Value.Node, r.Schema.Value.Kind, new DiagnosticBag()));
        var routes = ManifestLoader.Load(files, new DiagnosticBag(), layout).Where(o => o.Kind is "HTTPRoute").ToList();
        void Routes() => routes.ForEach(o => RouteReader.Read(o, new FieldReader(new DiagnosticBag())));

        using var ticks = new TickListener();
        Part("YAML parse", () => Parse(), ticks);
        Part("schema and CEL", Schema, ticks);
        Part($"RouteReader ({routes.Count})", Routes, ticks);
    }

    private static void Part(string name, Action run, TickListener ticks)
    {
        run();
        run();
        ticks.Drain();
        var before = GC.GetAllocatedBytesForCurrentThread();
        run();
        var bytes = GC.GetAllocatedBytesForCurrentThread() - before;
        var byType = ticks.Drain();
        var total = byType.Values.Sum();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name}: {bytes / 1048576.0:F1} MiB allocated, {total} ticks"));
        foreach (var (type, count) in byType.OrderByDescending(t => t.Value).Take(Shown))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {100.0 * count / Math.Max(1, total),5:F1}%  {bytes * count / Math.Max(1, total) / 1048576.0,6:F1} MiB  {type}"));
        }
    }

    // The runtime's GCAllocationTick events (GC keyword, verbose), counted by type name; events arrive on the
    // listener's own thread a little later, so a part's count is taken after a pause.
    private sealed class TickListener : EventListener
    {
        private readonly Lock _gate = new();
        private Dictionary<string, long> _counts = new(StringComparer.Ordinal);

        protected override void OnEventSourceCreated(EventSource eventSource)
        {
            if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
            {
                EnableEvents(eventSource, EventLevel.Verbose, (EventKeywords)0x1);
            }
        }

        protected override void OnEventWritten(EventWrittenEventArgs eventData)
        {
            if (eventData.EventName is not { } name || !name.StartsWith("GCAllocationTick", StringComparison.Ordinal))
            {
                return;
            }

            var index = eventData.PayloadNames!.IndexOf("TypeName");
            var type = index >= 0 ? eventData.Payload![index] as string ?? "?" : "?";
            lock (_gate)
            {
                _counts[type] = _counts.GetValueOrDefault(type) + 1;
            }
        }

        public Dictionary<string, long> Drain()
        {
            Thread.Sleep(3000);
            lock (_gate)
            {
                var counts = _counts;
                _counts = new Dictionary<string, long>(StringComparer.Ordinal);
                return counts;
            }
        }
    }
}
