using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using GitGateway.Plan.Serialization;
using GitGateway.Renderer.Diagnostics;

namespace GitGateway.Renderer.Rendering;

/// <summary>
/// The JSON form of a render, written by <c>gitgateway render --output json</c> and by the golden tests, so
/// the two can never drift: <c>{"plan": …, "status": {"gatewayClasses", "gateways", "routes", "listenerSets" (when any), "policies" (when any)},
/// "diagnostics": [{severity, code, file, line, column, message}]}</c>. The plan is written with
/// <see cref="PlanJson"/>, the statuses with <see cref="StatusJson"/>; statuses keep the upstream Gateway API shape (camelCase,
/// conditions as <c>{type, status, reason, message}</c>). Indented, LF line ends, a final newline: byte-stable.
/// </summary>
public static class RenderJson
{
    /// <summary>The options of the render's writer: indented, LF line ends, the plan's relaxed escaping.</summary>
    internal static readonly JsonWriterOptions WriterOptions = new()
    {
        Indented = true,
        NewLine = "\n",
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The render as indented JSON text ending in a newline.</summary>
    public static string ToJson(RenderResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            Write(writer, result);
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length) + "\n";
    }

    /// <summary>Writes the render as indented UTF-8 JSON ending in a newline, without building a string first.</summary>
    public static void WriteTo(Stream stream, RenderResult result)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using (var writer = new Utf8JsonWriter(stream, WriterOptions))
        {
            Write(writer, result);
        }

        stream.WriteByte((byte)'\n');
        stream.Flush();
    }

    /// <summary>Writes the render as one JSON object.</summary>
    public static void Write(Utf8JsonWriter writer, RenderResult result)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(result);
        writer.WriteStartObject();
        writer.WritePropertyName("plan");
        PlanJson.Write(writer, result.Plan);
        writer.WritePropertyName("status");
        StatusJson.Write(writer, result.Status);
        writer.WritePropertyName("diagnostics");
        WriteDiagnostics(writer, result.Diagnostics);
        writer.WriteEndObject();
    }

    /// <summary>Writes diagnostics as an array of <c>{severity, code, file, line, column, message}</c>.</summary>
    public static void WriteDiagnostics(Utf8JsonWriter writer, IEnumerable<Diagnostic> diagnostics)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(diagnostics);
        writer.WriteStartArray();
        foreach (var d in diagnostics)
        {
            writer.WriteStartObject();
            writer.WriteString("severity"u8, d.Severity == DiagnosticSeverity.Error ? "error" : "warning");
            writer.WriteString("code"u8, d.Code);
            writer.WriteString("file"u8, d.File);
            writer.WriteNumber("line"u8, d.Line);
            writer.WriteNumber("column"u8, d.Column);
            writer.WriteString("message"u8, d.Message);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }
}
