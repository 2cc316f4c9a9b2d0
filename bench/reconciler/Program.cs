using GitGateway.Reconciler.Bench;

var routes = args.Length > 0 ? args.Select(int.Parse).ToArray() : [10, 3000];
foreach (var count in routes)
{
    await MergeToServing.RunAsync(count, rounds: 5, Console.Out);
}
