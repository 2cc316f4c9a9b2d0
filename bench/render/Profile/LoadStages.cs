using GitGateway.Renderer.Diagnostics;
using GitGateway.Renderer.Layout;
using GitGateway.Renderer.Manifests;
using GitGateway.Renderer.Rendering;
using GitGateway.Renderer.Schemas;

namespace GitGateway.Render.Bench;

/// <summary>
/// The load step's parts warm, on one thread, each run <see cref="Rounds"/> times in the same process (the first
/// round pays JIT; the last is the warm figure): the YAML parse, the schema pass, and inside it the CEL rules alone
/// (every evaluation the pass made, again, on the views it built) and the string checks alone (control characters,
/// patterns and wire grammars of every string value); then the typed readers by kind. The YAML reader is also taken
/// apart (<see cref="YamlParts"/>).
/// </summary>
internal static class LoadStages
{
    private const int Rounds = 3;

    public static void Run(StageClock clock, SourceFiles.Result read)
    {
        var layout = RepoLayout.Load(read.Files).Config;
        var files = read.Files.Where(f => ManifestLoader.IsManifestFile(f.Path)).ToList();
        List<YamlMapping> roots = [];
        for (var round = 1; round <= Rounds; round++)
        {
            roots = clock.Time($"YAML parse #{round}", () => files.SelectMany(f => YamlDocumentReader.Read(f.Path, f.Content, new DiagnosticBag())).OfType<YamlMapping>().ToList());
        }

        YamlParts.Run(clock, files);

        var schemas = roots.Select(r => (Root: r, Schema: SchemaOf(r))).Where(r => r.Schema is not null).ToList();
        for (var round = 1; round <= Rounds; round++)
        {
            clock.Time($"schema and CEL #{round}", () => schemas.ForEach(r => SchemaValidator.Validate(r.Root, r.Schema!.Value.Node, r.Schema.Value.Kind, new DiagnosticBag())));
        }

        var evaluations = new List<(SchemaRule Rule, object Self)>();
        CelRuleEvaluator.Observer = (rule, self) => evaluations.Add((rule, self));
        schemas.ForEach(r => SchemaValidator.Validate(r.Root, r.Schema!.Value.Node, r.Schema.Value.Kind, new DiagnosticBag()));
        CelRuleEvaluator.Observer = null;
        for (var round = 1; round <= Rounds; round++)
        {
            clock.Time($"  CEL rules alone #{round} ({evaluations.Count})", () => evaluations.Count(e => CelRuleEvaluator.Evaluate(e.Rule, e.Self) is true));
        }

        Console.WriteLine($"  of them not decided by the compiled rules, so far in the process: {CelCompiledRules.Undecided}");

        var strings = new List<(string Value, SchemaNode Schema)>();
        schemas.ForEach(r => Strings(r.Root, r.Schema!.Value.Node, strings));
        for (var round = 1; round <= Rounds; round++)
        {
            clock.Time($"  string checks alone #{round} ({strings.Count})", () => strings.Count(s => Bad(s.Value, s.Schema)));
        }

        // The pattern checks alone, ten times over: each string's schema pattern by its regex, then as the pass checks it.
        var patterned = strings.Where(s => s.Schema.Pattern is not null).ToList();
        clock.Time($"  patterns by regex x10 ({patterned.Count})", () => Enumerable.Range(0, 10).Sum(_ => patterned.Count(s => s.Schema.PatternRegex!.IsMatch(s.Value))));
        clock.Time($"  patterns as checked x10 ({patterned.Count})", () => Enumerable.Range(0, 10).Sum(_ => patterned.Count(s => s.Schema.MatchesPattern(s.Value))));

        var objects = clock.Time("objects (parallel load)", () => ManifestLoader.Load(files, new DiagnosticBag(), layout));
        var routes = objects.Where(o => o.Kind is "HTTPRoute").ToList();
        var policies = objects.Where(o => o.Kind is "ProxyPolicy").ToList();
        for (var round = 1; round <= Rounds; round++)
        {
            clock.Time($"readers, all #{round}", () => ManifestSetReader.Read(objects, new DiagnosticBag()));
            clock.Time($"  RouteReader #{round} ({routes.Count})", () => routes.Count(o => RouteReader.Read(o, new FieldReader(new DiagnosticBag())) is not null));
            clock.Time($"  PolicyReader #{round} ({policies.Count})", () => policies.Count(o => PolicyReader.Read(o, new FieldReader(new DiagnosticBag())) is not null));
        }
    }

    internal static (SchemaNode Node, string Kind)? SchemaOf(YamlMapping root)
    {
        var apiVersion = (root.Get("apiVersion") as YamlScalar)?.Value ?? "";
        var kind = (root.Get("kind") as YamlScalar)?.Value ?? "";
        var slash = apiVersion.LastIndexOf('/');
        return SchemaCatalog.Find(slash < 0 ? "" : apiVersion[..slash], apiVersion[(slash + 1)..], kind) is { } schema ? (schema, kind) : null;
    }

    // Every string value with the schema node it is checked against, as the schema pass descends.
    private static void Strings(YamlNode node, SchemaNode schema, List<(string, SchemaNode)> found, bool root = true)
    {
        switch (node)
        {
            case YamlScalar s when schema.Type == "string":
                found.Add((s.Value, schema));
                break;
            case YamlMapping map:
                foreach (var (key, value) in map.Entries)
                {
                    var child = (root && key.Value == "metadata" ? SchemaCatalog.ObjectMeta : schema.Properties?.GetValueOrDefault(key.Value)) ?? schema.AdditionalProperties;
                    if (child is not null)
                    {
                        Strings(value, child, found, root: false);
                    }
                }

                break;
            case YamlSequence seq when schema.Items is not null:
                foreach (var item in seq.Items)
                {
                    Strings(item, schema.Items, found, root: false);
                }

                break;
        }
    }

    private static bool Bad(string v, SchemaNode schema) =>
        WireGrammar.FirstControl(v, schema.Wire == "text") >= 0
        || (schema.Enum is { } values && !values.Contains(v))
        || !schema.MatchesPattern(v)
        || (schema.Wire is { } wire && WireGrammar.Check(wire, v) is not null);
}
