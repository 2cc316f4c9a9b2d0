using System.Text.Json;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace GitGateway.Reconciler.Cli;

/// <summary>
/// <c>--output yaml</c>: the same document as the JSON output, emitted as block YAML. Strings that YAML would
/// read as another type (<c>"true"</c>, <c>"80"</c>, <c>"null"</c>) are quoted, so the YAML reads back equal.
/// </summary>
internal static class YamlOutput
{
    public static string FromJson(string json)
    {
        var node = JsonNode.Parse(json);
        using var writer = new StringWriter();
        var emitter = new Emitter(writer);
        emitter.Emit(new StreamStart());
        emitter.Emit(new DocumentStart());
        Emit(emitter, node);
        emitter.Emit(new DocumentEnd(isImplicit: true));
        emitter.Emit(new StreamEnd());
        return writer.ToString();
    }

    private static void Emit(IEmitter emitter, JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                emitter.Emit(new MappingStart());
                foreach (var (name, value) in obj)
                {
                    emitter.Emit(new Scalar(name));
                    Emit(emitter, value);
                }

                emitter.Emit(new MappingEnd());
                break;
            case JsonArray array:
                emitter.Emit(new SequenceStart(AnchorName.Empty, TagName.Empty, isImplicit: true, SequenceStyle.Block));
                foreach (var item in array)
                {
                    Emit(emitter, item);
                }

                emitter.Emit(new SequenceEnd());
                break;
            case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                emitter.Emit(new Scalar(AnchorName.Empty, TagName.Empty, value.GetValue<string>(), ScalarStyle.DoubleQuoted, isPlainImplicit: false, isQuotedImplicit: true));
                break;
            case null:
                emitter.Emit(new Scalar("null"));
                break;
            default:
                emitter.Emit(new Scalar(node.ToJsonString()));
                break;
        }
    }
}
