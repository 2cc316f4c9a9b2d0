using System.Text;
using GitGateway.Renderer.Manifests;

namespace GitGateway.Renderer.Tests;

/// <summary>A parsed YAML tree as text: every node's file, line and column, its shape, style and value.</summary>
internal static class YamlDump
{
    /// <summary>The documents, one a line.</summary>
    public static string Of(IEnumerable<YamlNode> docs)
    {
        var text = new StringBuilder();
        foreach (var doc in docs)
        {
            Of(doc, text);
            text.Append('\n');
        }

        return text.ToString();
    }

    /// <summary>One node and all below it.</summary>
    public static void Of(YamlNode node, StringBuilder text)
    {
        Place(node.Mark, text);
        switch (node)
        {
            case YamlScalar s:
                Scalar(s.Value, s.Plain, text);
                break;
            case YamlMapping m:
                text.Append(" {");
                foreach (var (key, value) in m.Entries)
                {
                    Of(key, text);
                    text.Append(" = ");
                    Of(value, text);
                    text.Append(", ");
                }

                text.Append('}');
                break;
            case YamlSequence q:
                text.Append(" [");
                foreach (var item in q.Items)
                {
                    Of(item, text);
                    text.Append(", ");
                }

                text.Append(']');
                break;
        }
    }

    // A key as the scalar it was written as: the same text whether the reader kept it as a node or as a key.
    private static void Of(YamlKey key, StringBuilder text)
    {
        Place(key.Mark, text);
        Scalar(key.Value, key.Plain, text);
    }

    private static void Place(GitGateway.Plan.Model.SourceMark mark, StringBuilder text) =>
        text.Append(mark.File).Append(':').Append(mark.Line).Append(':').Append(mark.Column);

    private static void Scalar(string value, bool plain, StringBuilder text) =>
        text.Append(plain ? " plain <" : " quoted <").Append(value).Append('>');
}
