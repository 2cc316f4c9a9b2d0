using System.Text.Json;

namespace GitGateway.Conformance.Tests.Traffic;

/// <summary>
/// The request as the echo backend saw it, parsed from its JSON answer. Empty when the answer's Content-Type was
/// not exactly <c>application/json</c>, as the upstream client does (README section 4.1).
/// </summary>
internal sealed record EchoCapture(
    string Path,
    string Host,
    string Method,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Headers,
    string Namespace,
    string Pod,
    string HttpPort,
    string? ServerName,
    IReadOnlyList<string> PeerCertificates)
{
    public static EchoCapture Empty { get; } = new("", "", "", new Dictionary<string, IReadOnlyList<string>>(), "", "", "", null, []);

    public static EchoCapture Parse(string json)
    {
        var root = JsonDocument.Parse(json).RootElement;
        var headers = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);
        if (root.TryGetProperty("headers", out var h) && h.ValueKind == JsonValueKind.Object)
        {
            foreach (var p in h.EnumerateObject())
            {
                headers[p.Name] = [.. p.Value.EnumerateArray().Select(v => v.GetString() ?? "")];
            }
        }

        string? sni = null;
        IReadOnlyList<string> peers = [];
        if (root.TryGetProperty("tls", out var tls) && tls.ValueKind == JsonValueKind.Object)
        {
            sni = tls.TryGetProperty("serverName", out var s) ? s.GetString() : null;
            peers = tls.TryGetProperty("peerCertificates", out var pc) && pc.ValueKind == JsonValueKind.Array
                ? [.. pc.EnumerateArray().Select(v => v.GetString() ?? "")]
                : [];
        }

        return new EchoCapture(
            Str(root, "path"), Str(root, "host"), Str(root, "method"), headers, Str(root, "namespace"), Str(root, "pod"), Str(root, "httpPort"), sni, peers);
    }

    private static string Str(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : "";
}
