using System.Collections;
using System.Text;
using System.Text.Json;
using CsCheck;
using GitGateway.Fixtures;
using GitGateway.Renderer.Diagnostics;
using GitGateway.Renderer.Manifests;
using GitGateway.Renderer.Rendering;
using GitGateway.Renderer.Schemas;

namespace GitGateway.Renderer.Tests.Schemas;

/// <summary>
/// The values CEL rules see are views over the YAML tree (<see cref="CelMapView"/>, <see cref="CelListView"/>) that
/// build only what a rule reads. Every view a rule is given, over the golden cases, the conformance manifests, the
/// example repository and random documents shaped by each kind's schema, must equal the maps and lists the schema
/// pass built for the whole subtree before (<see cref="Materialised"/>: field order, escaped names, defaults, typed
/// scalars, null items), have its size without being built, and give every rule the same outcome.
/// </summary>
public sealed class CelValueViewTests(ITestOutputHelper output)
{
    private static readonly (string Group, string Version, string Kind)[] Kinds =
    [
        .. new[] { "GatewayClass", "Gateway", "HTTPRoute", "GRPCRoute", "TCPRoute", "TLSRoute", "UDPRoute", "ReferenceGrant", "BackendTLSPolicy", "ListenerSet" }
            .Select(k => (KnownKinds.GatewayGroup, "v1", k)),
        ("", "v1", "Service"),
        (KnownKinds.OwnGroup, "v1alpha1", "ProxyPolicy"),
    ];

    [Fact]
    public void Views_RepositoryInputs_EqualTheMaterialisedValues()
    {
        var seen = Observe(() =>
        {
            foreach (var input in CelRuleMemoTests.Inputs().Select(d => (string)d.Data))
            {
                RenderJson.ToJson(Files.Render(CelRuleMemoTests.Read(Path.Combine(RepoPaths.Root, input))));
            }
        });

        var (views, mismatches) = Compare(seen);

        output.WriteLine($"{seen.Count} evaluations, {views} of them on a map or a list");
        Assert.True(mismatches.Count == 0, string.Join("\n", mismatches.Take(20)));
        Assert.True(views > 1000, $"only {views} evaluations on a map or a list");
    }

    [Fact]
    public void Views_SchemaShapedDocuments_EqualTheMaterialisedValues()
    {
        var kinds = Kinds.Select(k => (k.Group, k.Version, k.Kind, Schema: SchemaCatalog.Find(k.Group, k.Version, k.Kind))).Where(k => k.Schema is not null).ToList();
        var (views, evaluations) = (0, 0);
        var mismatches = new List<string>();

        Gen.Int.Sample(
            seed =>
            {
                var random = new Random(seed);
                var (group, version, kind, schema) = kinds[random.Next(kinds.Count)];
                var text = new StringBuilder($"{{\"apiVersion\": \"{(group.Length == 0 ? "" : group + "/")}{version}\", \"kind\": \"{kind}\", \"metadata\": {{\"name\": \"a\", \"namespace\": \"b\"}}, \"spec\": ");
                SchemaShapedDocument.Write(text, schema!.Properties!["spec"], random);
                var bag = new DiagnosticBag();
                var root = YamlDocumentReader.Read("generated.yaml", Encoding.UTF8.GetBytes(text.Append('}').ToString()), bag).Single();
                var seen = Observe(() => SchemaValidator.Validate(root, schema, kind, bag));
                var (v, m) = Compare(seen);
                lock (mismatches)
                {
                    (views, evaluations) = (views + v, evaluations + seen.Count);
                    mismatches.AddRange(m.Select(x => $"{x}\n  in {text}"));
                }
            },
            iter: 400);

        output.WriteLine($"{evaluations} evaluations, {views} of them on a map or a list");
        Assert.True(mismatches.Count == 0, string.Join("\n", mismatches.Take(10)));
        Assert.True(views > 400, $"only {views} evaluations on a map or a list");
    }

    [Fact]
    public void ListView_SizeRead_BuildsNoItem()
    {
        var schema = new SchemaNode { Type = "array", Items = new SchemaNode { Type = "object", Properties = new Dictionary<string, SchemaNode>() } };
        var seq = (YamlSequence)YamlDocumentReader.Read("a.yaml", "- {a: 1}\n- null\n- {}\n"u8.ToArray(), new DiagnosticBag()).Single();
        var view = (CelListView)new CelViews().Of(seq, schema)!;

        var size = CelOperations.Size(view);

        Assert.Equal(3L, size);
        Assert.Null(typeof(CelListView).GetField("_items", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!.GetValue(view));
        Assert.Null(view[1]);
    }

    private static List<(SchemaRule Rule, object Self)> Observe(Action run)
    {
        var seen = new List<(SchemaRule Rule, object Self)>();
        CelRuleEvaluator.Observer = (rule, self) =>
        {
            lock (seen)
            {
                seen.Add((rule, self)); // files load in parallel: told from several threads at once
            }
        };
        try
        {
            run();
        }
        finally
        {
            CelRuleEvaluator.Observer = null;
        }

        return seen;
    }

    // How many evaluations were on a view, and each where the view differs from the materialised value or answers otherwise.
    private static (int Views, List<string> Mismatches) Compare(List<(SchemaRule Rule, object Self)> seen)
    {
        var (views, mismatches) = (0, new List<string>());
        CelRuleMemo.Enabled = false;
        try
        {
            foreach (var (rule, self) in seen)
            {
                var (expected, size) = self switch
                {
                    CelMapView map => (Materialised(map.Source, map.Schema, map.Root), map.Count),
                    CelListView list => (MaterialisedItems(list.Source, list.ItemSchema), list.Count),
                    _ => (null, -1),
                };
                if (expected is null)
                {
                    continue;
                }

                views++;
                if (self is CelMapView read && ReadAlone(read, (Dictionary<string, object?>)expected) is { } field)
                {
                    mismatches.Add($"{rule.Rule}\n  field '{field}' read alone differs from {JsonSerializer.Serialize(expected)}");
                }

                var plain = CelValues.Plain(self);
                var (viewOutcome, plainOutcome) = (CelRuleEvaluator.Evaluate(rule, self), CelRuleEvaluator.Evaluate(rule, expected));
                if (!Same(expected, plain) || size != ((ICollection)expected).Count || viewOutcome != plainOutcome)
                {
                    mismatches.Add($"{rule.Rule}\n  view = {JsonSerializer.Serialize(plain)} ({viewOutcome})\n  materialised = {JsonSerializer.Serialize(expected)} ({plainOutcome})");
                }
            }
        }
        finally
        {
            CelRuleMemo.Enabled = true;
        }

        return (views, mismatches);
    }

    // The first field a fresh view over the same mapping gives otherwise when read by name before its fields are listed, or null.
    private static string? ReadAlone(CelMapView view, Dictionary<string, object?> expected)
    {
        foreach (var (name, value) in expected)
        {
            var alone = new CelMapView(view.Source, view.Schema, view.Root, new CelViews());
            if (!alone.TryGetValue(name, out var read) || !Same(value, CelValues.Plain(read)))
            {
                return name;
            }
        }

        var absent = new CelMapView(view.Source, view.Schema, view.Root, new CelViews());
        return absent.ContainsKey("__absent__") ? "__absent__" : null;
    }

    private static bool Same(object? a, object? b) => (a, b) switch
    {
        (Dictionary<string, object?> x, Dictionary<string, object?> y) =>
            x.Count == y.Count && x.Zip(y).All(p => p.First.Key == p.Second.Key && Same(p.First.Value, p.Second.Value)),
        (List<object?> x, List<object?> y) => x.Count == y.Count && x.Zip(y).All(p => Same(p.First, p.Second)),
        _ => Equals(a, b) && a?.GetType() == b?.GetType(),
    };

    // The value the schema pass built for a node with a rule on it or above it, in full, before values became views:
    // the reference the views are held to.
    private static object? Materialised(YamlNode node, SchemaNode schema, bool root)
    {
        if (node is YamlScalar { IsNull: true })
        {
            return null;
        }

        if (schema.IntOrString)
        {
            return node is YamlScalar v ? CelValues.Scalar(v, schema) : null;
        }

        switch (schema.Type)
        {
            case "object":
                return node is YamlMapping map ? MaterialisedFields(map, schema, root) : null;
            case "array":
                return node is YamlSequence seq ? MaterialisedItems(seq, schema.Items) : null;
            case "string":
                return (node as YamlScalar)?.Value;
            case "integer" or "number" or "boolean":
                return node is YamlScalar s ? CelValues.Scalar(s, schema) : null;
            default:
                return CelValues.Typed(node, null);
        }
    }

    private static Dictionary<string, object?> MaterialisedFields(YamlMapping map, SchemaNode schema, bool root)
    {
        var fields = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (key, value) in map.Entries)
        {
            var property = root && key.Value == "metadata" ? SchemaCatalog.ObjectMeta : schema.Properties?.GetValueOrDefault(key.Value);
            var child = property ?? schema.AdditionalProperties;
            var v = child is not null ? Materialised(value, child, root: false) : CelValues.Typed(value, null);
            if (v is not null)
            {
                fields[property is null ? key.Value : CelValues.PropertyName(key.Value)] = v;
            }
        }

        CelValues.AddDefaults(fields, map, schema);
        return fields;
    }

    private static List<object?> MaterialisedItems(YamlSequence seq, SchemaNode? items) =>
        items is null ? [] : seq.Items.Select(i => Materialised(i, items, root: false)).ToList();
}
