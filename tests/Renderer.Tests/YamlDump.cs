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
        text.Append(node.Mark.File).Append(':').Append(node.Mark.Line).Append(':').Append(node.Mark.Column);
        switch (node)
        {
            case YamlScalar s:
                text.Append(s.Plain ? " plain <" : " quoted <").Append(s.Value).Append('>');
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
}
