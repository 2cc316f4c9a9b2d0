using GitGateway.Reconciler.Cli;
using GitGateway.Reconciler.Git;
using GitGateway.Reconciler.Review;
using GitGateway.Render.Bench;
using GitGateway.Renderer.Diagnostics;
using GitGateway.Renderer.Layout;
using GitGateway.Renderer.Manifests;
using GitGateway.Renderer.Rendering;
using GitGateway.Renderer.Schemas;

// dotnet GitGateway.Render.Bench.dll render|split|json REPO REV, plan|review REPO BASE HEAD, or probe
// allocs: what the YAML parse, the schema pass and RouteReader allocate, by type (AllocTypes). live: the live heap the load step leaves (LiveHeap); hold: the same objects held for a heap snapshot. load: the load step's parts warm, on one thread (LoadStages). json: the plan's JSON written, hashed and read (JsonStages). probe: regex and CEL package costs alone. render: the renderer's own steps in turn; split: the load step's parts (YAML parse, schema and CEL) alone, cold, and YamlDotNet's own events beside the parse.
if (args.Length < 3 && args is not ["probe", ..])
{
    Console.Error.WriteLine("usage: render|split|load|allocs|live|hold|json REPO REV | plan|review REPO BASE HEAD");
    return 2;
}

var clock = new StageClock(Console.Out);
if (args[0] == "probe")
{
    CostProbe.Run(clock);
    return 0;
}

var repo = await GitRepository.OpenAsync(new GitCli(), args[1], CancellationToken.None);
switch (args[0])
{
    case "plan" when args.Length == 4:
        await PlanStages.RunAsync(clock, repo, args[2], args[3]);
        Console.WriteLine("the same stages again, warm:");
        await PlanStages.RunAsync(clock, repo, args[2], args[3]);
        clock.Time("plan again, in all (2 git reads, 2 renders, review)", () => GitRender.ReviewAsync(new GitCli(), args[1], args[2], args[3], null, CancellationToken.None).GetAwaiter().GetResult());
        break;
    case "review" when args.Length == 4:
        await PlanStages.ReviewRoundsAsync(clock, repo, args[2], args[3], rounds: 5);
        break;
    case "render":
        var files = await ReadAsync(clock, repo, args[2]);
        RenderSteps.Run(clock, new RenderInput(files.Files, "bench"), warmLoad: true);
        break;
    case "json":
        var read = await ReadAsync(clock, repo, args[2]);
        JsonStages.Run(clock, clock.Time("render", () => RenderRun.Render(read, "bench", controllerName: null)));
        break;
    case "load":
        LoadStages.Run(clock, await ReadAsync(clock, repo, args[2]));
        break;
    case "allocs":
        AllocTypes.Run(await ReadAsync(clock, repo, args[2]));
        break;
    case "live":
        LiveHeap.Run(await ReadAsync(clock, repo, args[2]));
        break;
    case "hold":
        LiveHeap.Hold(await ReadAsync(clock, repo, args[2]));
        break;
    case "split":
        Split(clock, await ReadAsync(clock, repo, args[2]));
        break;
    default:
        Console.Error.WriteLine($"unknown mode {args[0]}");
        return 2;
}

clock.Totals();

return 0;

static async Task<SourceFiles.Result> ReadAsync(StageClock clock, GitRepository repo, string revision)
{
    var commit = await repo.ResolveCommitAsync(revision, CancellationToken.None);
    return clock.Time("git read (ls-tree + cat-file)", () => new GitTreeReader(repo).ReadAsync(commit, CancellationToken.None).GetAwaiter().GetResult());
}

static void Split(StageClock clock, SourceFiles.Result read)
{
    var bag = new DiagnosticBag();
    // Every kind with a schema first, so that the catalog's one-time reading of the CRDs is measured apart from the pass.
    string[] gatewayKinds = ["GatewayClass", "Gateway", "HTTPRoute", "GRPCRoute", "TCPRoute", "TLSRoute", "UDPRoute", "ReferenceGrant", "BackendTLSPolicy", "ListenerSet"];
    (string Group, string Version, string Kind)[] catalogKinds =
        [.. gatewayKinds.Select(k => (KnownKinds.GatewayGroup, "v1", k)), ("", "v1", "Service"), (KnownKinds.OwnGroup, "v1alpha1", "ProxyPolicy")];
    clock.Time("schema catalog (CRDs read)", () => catalogKinds.Sum(k => SchemaCatalog.Find(k.Group, k.Version, k.Kind) is null ? 0 : 1));
    clock.Time("layout", () => RepoLayout.Load(read.Files));
    clock.Time("YAML events alone (YamlDotNet)", () => read.Files.Where(f => ManifestLoader.IsManifestFile(f.Path)).Sum(f =>
    {
        var parser = new YamlDotNet.Core.Parser(new StringReader(System.Text.Encoding.UTF8.GetString(f.Content.Span)));
        var events = 0;
        while (parser.MoveNext())
        {
            events++;
        }

        return events;
    }));
    var roots = clock.Time("YAML parse", () => read.Files.Where(f => ManifestLoader.IsManifestFile(f.Path))
        .SelectMany(f => YamlDocumentReader.Read(f.Path, f.Content, bag)).OfType<YamlMapping>().ToList());
    clock.Time("schema and CEL", () =>
    {
        foreach (var root in roots)
        {
            var apiVersion = (root.Get("apiVersion") as YamlScalar)?.Value ?? "";
            var kind = (root.Get("kind") as YamlScalar)?.Value ?? "";
            var slash = apiVersion.LastIndexOf('/');
            if (SchemaCatalog.Find(slash < 0 ? "" : apiVersion[..slash], apiVersion[(slash + 1)..], kind) is { } schema)
            {
                SchemaValidator.Validate(root, schema, kind, bag);
            }
        }
    });
    Console.WriteLine($"{roots.Count} documents, {bag.ErrorCount} errors");
}

