using System.Text.RegularExpressions;
using GitGateway.Renderer.Manifests;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace GitGateway.Renderer.Ingress;

/// <summary>
/// Writes converted objects as block YAML. A string is written plain only when YAML cannot read it as anything
/// else (a number, a boolean, null, a key with ':'); otherwise double-quoted, with escapes for anything unusual,
/// so a value from a hostile Ingress reads back as exactly that string.
/// </summary>
internal static partial class IngressYamlWriter
{
    public static string Write(IEnumerable<(string Comment, YamlMapping Root)> documents)
    {
        using var writer = new StringWriter();
        var first = true;
        foreach (var (comment, root) in documents)
        {
            writer.Write(first ? "" : "---\n");
            writer.Write($"# {comment}\n");
            first = false;
            var emitter = new Emitter(writer);
            emitter.Emit(new StreamStart());
            emitter.Emit(new DocumentStart(null, null, isImplicit: true));
            Emit(emitter, root);
            emitter.Emit(new DocumentEnd(isImplicit: true));
            emitter.Emit(new StreamEnd());
        }

        return writer.ToString().Replace("\r\n", "\n", StringComparison.Ordinal);
    }

    private static void Emit(IEmitter emitter, YamlNode node)
    {
        switch (node)
        {
            case YamlMapping map:
                emitter.Emit(new MappingStart(null, null, isImplicit: true, MappingStyle.Block));
                foreach (var (key, value) in map.Entries)
                {
                    Scalar(emitter, key.Value, plain: false);
                    Emit(emitter, value);
                }

                emitter.Emit(new MappingEnd());
                break;
            case YamlSequence seq:
                emitter.Emit(new SequenceStart(null, null, isImplicit: true, SequenceStyle.Block));
                foreach (var item in seq.Items)
                {
                    Emit(emitter, item);
                }

                emitter.Emit(new SequenceEnd());
                break;
            case YamlScalar s:
                Scalar(emitter, s.Value, s.Plain);
                break;
        }
    }

    private static void Scalar(IEmitter emitter, string value, bool plain)
    {
        var style = plain || (SafePlain().IsMatch(value) && value.ToLowerInvariant() is not ("true" or "false" or "null" or "yes" or "no" or "on" or "off" or "y" or "n" or "~"))
            ? ScalarStyle.Plain
            : ScalarStyle.DoubleQuoted;
        emitter.Emit(new Scalar(null, null, value, style, isPlainImplicit: true, isQuotedImplicit: true));
    }

    // Starts with a letter or '/', no ': ', '#', quotes or flow characters: YAML reads it as this string.
    [GeneratedRegex("^[A-Za-z/][A-Za-z0-9_./*-]*\\z")]
    private static partial Regex SafePlain();
}
