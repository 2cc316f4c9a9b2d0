using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using GitGateway.Reconciler.Git;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace GitGateway.Reconciler.Cli;

/// <summary>
/// One repository of a control plane's <c>GET /v1/status</c> as <c>gitgateway status</c> shows it: the applied
/// revision, each node (the revision it serves when that is the applied or canary one, else the plan hash, readiness,
/// drift, seconds behind, what differs), the branch's tip the apply holds and why, and the repairs. Read leniently: a field the control plane does not send is
/// shown empty, and every string is the control plane's, printed as text.
/// </summary>
internal sealed class StatusView
{
    private readonly JsonElement _repo;
    private readonly string _name;

    private StatusView(JsonElement repo, string name)
    {
        _repo = repo;
        _name = name;
    }

    /// <summary>Every node matches what the applied plan says.</summary>
    public bool InSync => Array("drift").Count == 0;

    /// <summary>The repository named <paramref name="name"/>, or the default one; null when the status has none such.</summary>
    public static StatusView? Select(JsonElement root, string? name)
    {
        var repositories = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("repositories", out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray().Where(r => r.ValueKind == JsonValueKind.Object).ToList()
            : [];
        if (name is not null)
        {
            return repositories.FirstOrDefault(r => Text(r, "name") == name) is { ValueKind: JsonValueKind.Object } named ? new StatusView(named, name) : null;
        }

        if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("targetBranch", out _))
        {
            return new StatusView(root, "default");
        }

        return repositories.Count == 1 ? new StatusView(repositories[0], Text(repositories[0], "name") ?? "") : null;
    }

    /// <summary>
    /// The view as indented JSON, written field by field (no reflection) in the form the serializer gave it before:
    /// the same names, order, nulls and escaping.
    /// </summary>
    public string Json()
    {
        var drift = Array("drift").ToDictionary(d => Text(d, "node") ?? "", StringComparer.Ordinal);
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("repository", _name);
            WriteNumber(w, "revision", Number(_repo, "revision"));
            w.WriteString("commit", Text(_repo, "commit"));
            w.WriteString("planHash", Text(_repo, "planHash"));
            w.WriteBoolean("inSync", InSync);
            WriteHeld(w, Held());
            w.WriteStartArray("nodes");
            foreach (var name in Array("nodes").Select(n => Text(n, "name") ?? ""))
            {
                WriteNode(w, name, drift.TryGetValue(name, out var d) ? d : null);
            }

            w.WriteEndArray();
            w.WriteStartArray("repairs");
            foreach (var repair in Array("repairs"))
            {
                repair.WriteTo(w);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan) + Environment.NewLine;
    }

    private void WriteNode(Utf8JsonWriter w, string name, JsonElement? drift)
    {
        var serving = Serving(Node(name));
        w.WriteStartObject();
        w.WriteString("name", name);
        w.WriteString("serving", serving);
        WriteNumber(w, "revision", RevisionOf(serving));
        w.WriteBoolean("ready", Node(name) is { } e && e.TryGetProperty("ready", out var r) && r.ValueKind == JsonValueKind.True);
        w.WriteBoolean("drift", drift is not null);
        w.WriteNumber("behindSeconds", drift is { } d ? Number(d, "behindSeconds") ?? 0 : 0);
        w.WriteStartArray("differences");
        foreach (var difference in drift is { } dd ? Strings(dd, "differences") : [])
        {
            w.WriteStringValue(difference);
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteHeld(Utf8JsonWriter w, (string? Commit, string? Reason)? held)
    {
        if (held is not { } h)
        {
            w.WriteNull("held");
            return;
        }

        w.WriteStartObject("held");
        w.WriteString("commit", h.Commit);
        w.WriteString("reason", h.Reason);
        w.WriteEndObject();
    }

    private static void WriteNumber(Utf8JsonWriter w, string name, double? value)
    {
        if (value is { } v)
        {
            w.WriteNumber(name, v);
        }
        else
        {
            w.WriteNull(name);
        }
    }

    /// <summary>
    /// For a person: the headline, one row per node and the repairs, at most <see cref="RenderCommand.MaxWidth"/>
    /// columns like <c>render --output table</c> (node names and what differs come from the nodes: they wrap).
    /// </summary>
    public string Table()
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        var console = RenderCommand.CreateConsole(writer);
        var drift = Array("drift").ToDictionary(d => Text(d, "node") ?? "", StringComparer.Ordinal);
        console.Write(new Text($"repository {_name}: revision {Number(_repo, "revision")?.ToString(CultureInfo.InvariantCulture) ?? "none"} (commit {ShortId.Plan(Text(_repo, "commit"))}, plan {ShortId.Plan(Text(_repo, "planHash"))}): {(InSync ? "in sync" : $"DRIFT on {drift.Count} node(s)")}\n"));
        if (Held() is { } held)
        {
            console.Write(new Text($"held: {Text(_repo, "targetBranch") ?? "the branch"}'s tip {ShortId.Commit(held.Commit ?? "none")} is not applied ({held.Reason ?? "no reason recorded"})\n"));
        }

        var table = new Table { Border = TableBorder.None, ShowHeaders = true };
        foreach (var column in (string[])["NODE", "SERVES", "READY", "DRIFT", "BEHIND", "WHAT DIFFERS"])
        {
            table.AddColumn(new TableColumn(new Text(column)) { Padding = new Padding(0, 0, 2, 0) });
        }

        foreach (var node in Array("nodes"))
        {
            var name = Text(node, "name") ?? "";
            var serving = Serving(node);
            var differs = drift.TryGetValue(name, out var d);
            table.AddRow(new IRenderable[]
            {
                new Text(name),
                new Text(RevisionOf(serving) is { } revision ? "revision " + revision.ToString(CultureInfo.InvariantCulture) : "plan " + ShortId.Plan(serving)),
                new Text(node.TryGetProperty("ready", out var ready) && ready.ValueKind == JsonValueKind.True ? "yes" : "no"),
                new Text(differs ? "yes" : "no"),
                new Text(differs ? string.Create(CultureInfo.InvariantCulture, $"{Number(d, "behindSeconds") ?? 0:F0} s") : "-"),
                new Text(differs ? string.Join("; ", Strings(d, "differences")) : ""),
            });
        }

        console.Write(table);
        foreach (var repair in Array("repairs"))
        {
            console.Write(new Text(Repair(repair) + "\n"));
        }

        return writer.ToString();
    }

    private static string Repair(JsonElement repair)
    {
        var node = Text(repair, "node");
        var revision = Number(repair, "revision")?.ToString(CultureInfo.InvariantCulture);
        var attempts = Number(repair, "attempts")?.ToString(CultureInfo.InvariantCulture) ?? "0";
        return repair.TryGetProperty("repairedAt", out var at) && at.ValueKind == JsonValueKind.String
            ? $"repair: {node} serves revision {revision} again after {attempts} re-send(s), at {at.GetString()}"
            : repair.TryGetProperty("gaveUp", out var gave) && gave.ValueKind == JsonValueKind.True
                ? $"repair: {node} gave up after {attempts} re-sends of revision {revision}"
                : $"repair: {node} re-sent revision {revision} {attempts} time(s), next at {Text(repair, "nextAttempt")}";
    }

    // The branch's tip the apply holds and why (refused, paused, frozen, canary halted); the control plane's words.
    private (string? Commit, string? Reason)? Held() =>
        _repo.TryGetProperty("held", out var held) && held.ValueKind == JsonValueKind.Object ? (Text(held, "commit"), Text(held, "reason")) : null;

    private JsonElement? Node(string name) => Array("nodes").FirstOrDefault(n => Text(n, "name") == name) is { ValueKind: JsonValueKind.Object } node ? node : null;

    // What a node serves: its own word, else the plan it acknowledged.
    private static string? Serving(JsonElement? node) => node is not { } n ? null
        : Text(n, "serving") ?? (n.TryGetProperty("accepted", out var a) && a.ValueKind == JsonValueKind.True ? Text(n, "planHash") : null);

    private double? RevisionOf(string? hash) =>
        hash is null ? null
        : hash == Text(_repo, "planHash") ? Number(_repo, "revision")
        : _repo.TryGetProperty("canary", out var canary) && canary.ValueKind == JsonValueKind.Object && Text(canary, "planHash") == hash ? Number(canary, "revision")
        : null;

    private List<JsonElement> Array(string name) =>
        _repo.TryGetProperty(name, out var list) && list.ValueKind == JsonValueKind.Array ? [.. list.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.Object)] : [];

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? Printable(value.GetString()!) : null;

    // A node names itself in its report URL: nothing it says may move a terminal's cursor or colour its output.
    private static string Printable(string text) =>
        text.Any(char.IsControl) ? new string([.. text.Select(c => char.IsControl(c) ? '?' : c)]) : text;

    private static double? Number(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : null;

    private static List<string> Strings(JsonElement element, string name) =>
        element.TryGetProperty(name, out var list) && list.ValueKind == JsonValueKind.Array ? [.. list.EnumerateArray().Where(s => s.ValueKind == JsonValueKind.String).Select(s => Printable(s.GetString()!))] : [];
}
