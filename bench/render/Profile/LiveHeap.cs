using System.Runtime.CompilerServices;
using GitGateway.Renderer.Diagnostics;
using GitGateway.Renderer.Layout;
using GitGateway.Renderer.Manifests;
using GitGateway.Renderer.Rendering;

namespace GitGateway.Render.Bench;

/// <summary>
/// What the load step leaves alive for the rest of a render, measured as the live heap after a full blocking
/// collection: the files' bytes alone, then the loaded objects holding their YAML trees (the load before the typed
/// read moved into it), the same with their typed reads beside (the set the render kept until it ended), and the
/// objects as the render's load now leaves them (<see cref="ManifestLoader.LoadTyped"/>: typed, trees let go). Each
/// is measured warm (the second time) and alone: what the one before held is dropped first.
/// </summary>
internal static class LiveHeap
{
    public static void Run(SourceFiles.Result read)
    {
        var layout = RepoLayout.Load(read.Files).Config;
        var files = LoadStep.ManifestFiles(read.Files, layout);
        var baseline = Live();
        Console.WriteLine($"live heap, the files' bytes and the process: {Mib(baseline)}");
        for (var round = 1; round <= 2; round++)
        {
            var (withTrees, withTyped) = Untyped(files, layout, baseline);
            var (typedOnly, count, held) = Typed(files, layout, baseline);
            Console.WriteLine($"round {round}: objects with their trees {Mib(withTrees)}; with their typed reads beside {Mib(withTyped)}; "
                + $"typed at load, trees let go {Mib(typedOnly)} ({count} objects, {held} holding a tree)");
        }
    }

    /// <summary>
    /// Loads the objects as the render's load leaves them and holds them until a line is read from standard input,
    /// so that a heap snapshot of the process (<c>dotnet-gcdump collect -p PID</c>) shows what they are made of.
    /// </summary>
    public static void Hold(SourceFiles.Result read)
    {
        var layout = RepoLayout.Load(read.Files).Config;
        var files = LoadStep.ManifestFiles(read.Files, layout);
        var typed = ManifestLoader.LoadTyped(files, new DiagnosticBag(), layout, cache: null);
        var set = ManifestSetReader.Read(typed, new DiagnosticBag());
        Console.WriteLine($"holding {typed.Count} objects, process {Environment.ProcessId}: press enter to end");
        Console.ReadLine();
        GC.KeepAlive(set);
    }

    // Each in a method of its own, so that nothing it made is still referenced by the caller's frame afterwards.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static (long WithTrees, long WithTyped) Untyped(List<SourceFile> files, GitGatewayConfig? layout, long baseline)
    {
        var trees = ManifestLoader.Load(files, new DiagnosticBag(), layout);
        var withTrees = Live() - baseline;
        var set = ManifestSetReader.Read(trees, new DiagnosticBag());
        var withTyped = Live() - baseline;
        GC.KeepAlive(set);
        return (withTrees, withTyped);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static (long Live, int Objects, int Held) Typed(List<SourceFile> files, GitGatewayConfig? layout, long baseline)
    {
        var typed = ManifestLoader.LoadTyped(files, new DiagnosticBag(), layout, cache: null);
        var set = ManifestSetReader.Read(typed, new DiagnosticBag());
        var live = Live() - baseline;
        GC.KeepAlive(set);
        return (live, typed.Count, typed.Count(o => o.Document.HoldsTree));
    }

    private static long Live()
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        return GC.GetTotalMemory(forceFullCollection: false);
    }

    private static string Mib(long bytes) => $"{bytes / 1048576.0:F1} MiB";
}
