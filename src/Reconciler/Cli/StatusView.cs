using System.Globalization;
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

    public string Json()
    {
        var drift = Array("drift").ToDictionary(d => Text(d, "node") ?? "", StringComparer.Ordinal);
        var body = new
        {
            repository = _name,
            revision = Number(_repo, "revision"),
            commit = Text(_repo, "commit"),
            planHash = Text(_repo, "planHash"),
            inSync = InSync,
            held = Held() is { } held ? new { commit = held.Commit, reason = held.Reason } : null,
            nodes = Array("nodes").Select(n => Text(n, "name") ?? "").Select(n => new
            {
                name = n,
                serving = Serving(Node(n)),
                revision = RevisionOf(Serving(Node(n))),
                ready = Node(n) is { } e && e.TryGetProperty("ready", out var r) && r.ValueKind == JsonValueKind.True,
                drift = drift.ContainsKey(n),
                behindSeconds = drift.TryGetValue(n, out var d) ? Number(d, "behindSeconds") ?? 0 : 0,
                differences = drift.TryGetValue(n, out var dd) ? Strings(dd, "differences") : [],
            }).ToList(),
            repairs = Array("repairs").Select(r => JsonSerializer.Deserialize<JsonElement>(r.GetRawText())).ToList(),
        };
        return JsonSerializer.Serialize(body, new JsonSerializerOptions { WriteIndented = true }) + Environment.NewLine;
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
