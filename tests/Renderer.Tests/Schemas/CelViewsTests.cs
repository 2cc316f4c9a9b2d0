using GitGateway.Renderer.Diagnostics;
using GitGateway.Renderer.Manifests;
using GitGateway.Renderer.Schemas;

namespace GitGateway.Renderer.Tests.Schemas;

/// <summary>
/// A document's views share one table (<see cref="CelViews"/>), which goes back to the thread when the document's pass
/// ends and serves the next document: a view still held after that must read as before and must not touch the table
/// the next document took.
/// </summary>
public sealed class CelViewsTests
{
    private static readonly SchemaNode Schema = new()
    {
        Type = "object",
        Properties = new Dictionary<string, SchemaNode>
        {
            ["name"] = new() { Type = "string" },
            ["port"] = new() { Type = "integer" },
            ["items"] = new() { Type = "array", Items = new SchemaNode { Type = "object", Properties = new Dictionary<string, SchemaNode> { ["on"] = new() { Type = "boolean" } } } },
        },
    };

    [Fact]
    public void Of_AfterRelease_BuildsItsOwnTableAndLeavesTheNextDocumentsAlone()
    {
        var first = Map("name: a\nport: 8080\nitems: [{on: true}, {on: false}]\n");
        var second = Map("name: b\nport: 70000\nitems: [{on: false}]\n");
        var views = new CelViews();
        var held = (CelMapView)views.Of(first, Schema, root: true)!;
        views.Release();

        var next = new CelViews(); // takes the table the first document gave back
        var other = (CelMapView)next.Of(second, Schema, root: true)!;
        var readLate = CelValues.Plain(held);
        var again = views.Of(first, Schema, root: true);

        Assert.Equal(CelValues.Plain(views.Of(first, Schema, root: true)), readLate);
        Assert.Same(again, views.Of(first, Schema, root: true));
        Assert.Same(other, next.Of(second, Schema, root: true));
        Assert.Equal(8080L, ((IDictionary<string, object?>)readLate!)["port"]);
        Assert.Equal(new object?[] { true, false }, ((List<object?>)((IDictionary<string, object?>)readLate)["items"]!).Select(i => ((IDictionary<string, object?>)i!)["on"]).ToArray());
        Assert.Equal(70000L, other["port"]);
    }

    [Fact]
    public void Of_BooleansAndSmallIntegers_SharedBoxesOfTheSameValues()
    {
        var view = (CelMapView)new CelViews().Of(Map("name: a\nport: 255\nitems: [{on: true}]\n"), Schema)!;
        var big = (CelMapView)new CelViews().Of(Map("name: a\nport: 256\nitems: [{on: true}]\n"), Schema)!;
        var on = ((CelMapView)((CelListView)view["items"]!)[0]!)["on"];

        Assert.Equal(255L, view["port"]);
        Assert.Same(CelOperations.Integer(255), view["port"]);
        Assert.Equal(256L, big["port"]);
        Assert.Equal(true, on);
        Assert.Same(CelOperations.True, on);
    }

    [Fact]
    public void Field_ReadByName_MakesNoViewOfTheOtherFields()
    {
        var views = new CelViews();
        var view = (CelMapView)views.Of(Map("items: [{on: true}]\nname: a\nport: 8080\n"), Schema)!;

        var name = view["name"];
        var made = views.Made;
        var items = (CelListView)view["items"]!;

        Assert.Equal("a", name);
        Assert.Equal(1, made); // the object's own view: not the list's, nor its item's
        Assert.Equal(2, views.Made);
        Assert.Same(items, views.Of(view.Source.Get("items")!, Schema.Properties!["items"]));
        Assert.Equal(3, view.Count);
        Assert.Same(items, view["items"]);
        Assert.Equal(2, views.Made);
    }

    [Fact]
    public void Field_ReadByName_IsTheFieldTheListedFieldsHold()
    {
        // Escaped names, two keys with one field name (the first's place, the last's value), a null value and an
        // absent field filled by their defaults, a field the schema leaves open: each read alone is what a listing gives.
        var schema = new SchemaNode
        {
            Type = "object",
            Properties = new Dictionary<string, SchemaNode>
            {
                ["namespace"] = new() { Type = "string" },
                ["a-b"] = new() { Type = "string" },
                ["port"] = new() { Type = "integer", Default = Map("d: 80\n").Get("d") },
                ["type"] = new() { Type = "string", Default = Map("d: PathPrefix\n").Get("d") },
                ["items"] = Schema.Properties!["items"],
            },
            AdditionalProperties = new SchemaNode { Type = "string" },
        };
        var map = Map("namespace: ns\na-b: first\na__dash__b: second\nport: null\nextra: x\nitems: [{on: true}]\n");
        var listed = (CelMapView)new CelViews().Of(map, schema)!;
        var fields = listed.ToDictionary(entry => entry.Key, entry => CelValues.Plain(entry.Value), StringComparer.Ordinal);

        Assert.Equal(["__namespace__", "a__dash__b", "extra", "items", "port", "type"], fields.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("second", fields["a__dash__b"]);
        Assert.Equal(80L, fields["port"]);
        foreach (var name in fields.Keys.Concat(["namespace", "a-b", "a__dash__", "missing", "__port__", "__type__", "__"]))
        {
            var alone = (CelMapView)new CelViews().Of(map, schema)!;
            var found = alone.TryGetValue(name, out var value);

            Assert.Equal(fields.ContainsKey(name), found);
            Assert.Equal(fields.GetValueOrDefault(name), CelValues.Plain(value));
            Assert.Equal(found, alone.ContainsKey(name));
            Assert.Equal(fields.Keys, ((IDictionary<string, object?>)alone).Keys);
        }
    }

    private static YamlMapping Map(string yaml) =>
        (YamlMapping)YamlDocumentReader.Read("a.yaml", System.Text.Encoding.UTF8.GetBytes(yaml), new DiagnosticBag()).Single();
}
