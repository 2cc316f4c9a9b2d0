using GitGateway.Reconciler.Bench;

// dotnet run -c Release --project bench/reconciler -- [routes…]; ROUNDS= merges per size (default 20), WARMUP= merges
// before them not counted (default 0), OUT= results
// folder (default bench/results), NO_RESULTS=1 to print only.
var routes = args.Length > 0 ? args.Select(int.Parse).ToArray() : [10, 3000];
var rounds = int.TryParse(Environment.GetEnvironmentVariable("ROUNDS"), out var r) ? r : 20;
// Merges before the measured ones, not counted: the control plane's steady state rather than its first merges after start.
var warmup = int.TryParse(Environment.GetEnvironmentVariable("WARMUP"), out var w) ? w : 0;
var folder = Environment.GetEnvironmentVariable("OUT") ?? Path.Combine(Root(), "bench", "results");
foreach (var count in routes)
{
    var path = Environment.GetEnvironmentVariable("NO_RESULTS") == "1" ? null : Path.Combine(folder, $"merge-to-serving-{count}-{DateTime.UtcNow:yyyy-MM-dd}.json");
    await MergeToServing.RunAsync(count, rounds, warmup, Console.Out, path);
}

static string Root()
{
    for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
    {
        if (File.Exists(Path.Combine(d.FullName, "GitGateway.sln")))
        {
            return d.FullName;
        }
    }

    return Directory.GetCurrentDirectory();
}
