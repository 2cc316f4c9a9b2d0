using System.Text;
using GitGateway.Renderer.Schemas;

namespace GitGateway.Renderer.Tests.Schemas;

public sealed class CrdDescriptionsTests
{
    public static TheoryData<string> CrdFiles => [.. SchemaCatalog.CrdFiles];

    [Theory]
    [MemberData(nameof(CrdFiles))]
    public void Read_EmbeddedCrdWithDescriptionsBlanked_SameSchemaAsTheWholeFile(string file)
    {
        var whole = SchemaReader.Read(file, SchemaCatalog.Crd(file)).ToList();
        var blanked = SchemaReader.Read(file, SchemaCatalog.CrdWithoutDescriptions(file)).ToList();

        Assert.NotEmpty(whole);
        Assert.Equal(Dump(whole), Dump(blanked));
    }

    [Theory]
    [MemberData(nameof(CrdFiles))]
    public void Blank_EmbeddedCrd_SameLinesAndMostBytesGone(string file)
    {
        var text = Encoding.UTF8.GetString(SchemaCatalog.Crd(file).Span);

        var blanked = CrdDescriptions.Blank(text);

        Assert.Equal(text.Split('\n').Length, blanked.Split('\n').Length);
        Assert.True(blanked.Length < text.Length / 2, $"{file}: {blanked.Length} of {text.Length} characters left");
    }

    [Fact]
    public void Blank_PropertyNamedDescription_Kept()
    {
        const string Text = "properties:\n  description:\n    description: free text\n      on two lines\n    maxLength: 64\n    type: string\n  other: {description: x, type: string}\n";

        var blanked = CrdDescriptions.Blank(Text);

        Assert.Equal("properties:\n  description:\n\n\n    maxLength: 64\n    type: string\n  other: {description: x, type: string}\n", blanked);
    }

    [Fact]
    public void Blank_BlockScalarWithEmptyLines_BlankedToItsEnd()
    {
        const string Text = "a:\n  description: |-\n    one\n\n    two\n  type: string\n  description: {kept: true}\n";

        var blanked = CrdDescriptions.Blank(Text);

        Assert.Equal("a:\n\n\n\n\n  type: string\n  description: {kept: true}\n", blanked);
    }

    // Everything the schema reader keeps of each version, the default values with their marks.
    private static string Dump(List<SchemaReader.KindSchemas> kinds)
    {
        var text = new StringBuilder();
        foreach (var kind in kinds)
        {
            text.Append(kind.Group).Append('/').Append(kind.Kind).Append('\n');
            foreach (var (version, node) in kind.Versions)
            {
                Dump(version, node, text);
            }
        }

        return text.ToString();
    }

    private static void Dump(string path, SchemaNode node, StringBuilder text)
    {
        text.Append(path).Append(": ").AppendJoin(' ', node.Type, node.PreserveUnknownFields, node.IntOrString, node.MinLength, node.MaxLength,
            node.MinItems, node.MaxItems, node.MaxProperties, node.Minimum, node.Maximum, node.Pattern, node.KeyFormat, node.Wire)
            .Append(" required [").AppendJoin(',', node.Required).Append("] enum [").AppendJoin(',', node.Enum ?? []).Append(']');
        foreach (var rule in node.Rules)
        {
            text.Append(" rule <").Append(rule.Rule).Append("> <").Append(rule.Message).Append("> <").Append(rule.FieldPath).Append('>');
        }

        if (node.Default is { } value)
        {
            text.Append(" default ");
            YamlDump.Of(value, text);
        }

        text.Append('\n');
        foreach (var (name, property) in node.Properties ?? new Dictionary<string, SchemaNode>())
        {
            Dump(path + "." + name, property, text);
        }

        if (node.AdditionalProperties is { } values)
        {
            Dump(path + "{}", values, text);
        }

        if (node.Items is { } items)
        {
            Dump(path + "[]", items, text);
        }
    }
}
