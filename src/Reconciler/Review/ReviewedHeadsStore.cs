using System.Globalization;
using System.Text.Json;
using GitGateway.Reconciler.Apply;

namespace GitGateway.Reconciler.Review;

/// <summary>
/// What each open pull request was last reviewed at (<see cref="ReviewedHead"/>), kept in <c>reviewed.json</c> in
/// the repository's state folder (written atomically), so a restarted control plane does not post or edit the
/// comment again for a head and base it already reviewed. A file of the older form (number → head) still reads.
/// </summary>
internal sealed class ReviewedHeadsStore(string directory)
{
    public string Path { get; } = System.IO.Path.Combine(directory, "reviewed.json");

    public async Task<Dictionary<int, ReviewedHead>> LoadAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(Path))
        {
            return [];
        }

        await using var stream = File.OpenRead(Path);
        var saved = await JsonSerializer.DeserializeAsync<Dictionary<string, JsonElement>>(stream, cancellationToken: cancellationToken) ?? [];
        var heads = new Dictionary<int, ReviewedHead>();
        foreach (var (key, value) in saved)
        {
            if (int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && Read(value) is { } head)
            {
                heads[number] = head;
            }
        }

        return heads;
    }

    public Task SaveAsync(IReadOnlyDictionary<int, ReviewedHead> heads, CancellationToken cancellationToken)
    {
        var sorted = new SortedDictionary<string, ReviewedHead>(
            heads.ToDictionary(kv => kv.Key.ToString(CultureInfo.InvariantCulture), kv => kv.Value),
            StringComparer.Ordinal);
        return AtomicFile.WriteAsync(Path, JsonSerializer.SerializeToUtf8Bytes(sorted), cancellationToken);
    }

    private static ReviewedHead? Read(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String when value.GetString() is { Length: > 0 } head => new ReviewedHead(head, null, null),
        JsonValueKind.Object => value.Deserialize<ReviewedHead>() is { Head.Length: > 0 } head ? head : null,
        _ => null,
    };
}
