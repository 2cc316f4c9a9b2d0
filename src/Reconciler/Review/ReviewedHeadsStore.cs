using System.Globalization;
using System.Text.Json;
using GitGateway.Reconciler.Apply;
using GitGateway.Reconciler.Hosting;

namespace GitGateway.Reconciler.Review;

/// <summary>
/// What each open pull request was last reviewed at (<see cref="ReviewedHead"/>), kept in <c>reviewed.json</c> in
/// the repository's state folder (written atomically), so a restarted control plane does not post or edit the
/// comment again for a head and base it already reviewed. A file of the older form (number → head) still reads.
/// With leader election each save is also handed to <paramref name="copy"/> (the cluster's state copy), so a replica
/// that takes over does not review again what the last leader reviewed.
/// </summary>
internal sealed class ReviewedHeadsStore(string directory, Func<IReadOnlyDictionary<int, ReviewedHead>, CancellationToken, Task>? copy = null)
{
    public const string FileName = "reviewed.json";

    public string Path { get; } = System.IO.Path.Combine(directory, FileName);

    public async Task<Dictionary<int, ReviewedHead>> LoadAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(Path))
        {
            return [];
        }

        await using var stream = File.OpenRead(Path);
        var saved = await JsonSerializer.DeserializeAsync(stream, StateJsonContext.Default.DictionaryStringJsonElement, cancellationToken) ?? [];
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

    public async Task SaveAsync(IReadOnlyDictionary<int, ReviewedHead> heads, CancellationToken cancellationToken)
    {
        await AtomicFile.WriteAsync(Path, Serialize(heads), cancellationToken);
        if (copy is not null)
        {
            await copy(heads, cancellationToken);
        }
    }

    /// <summary>The file's bytes for <paramref name="heads"/> (what <see cref="LoadAsync"/> reads).</summary>
    public static byte[] Serialize(IEnumerable<KeyValuePair<int, ReviewedHead>> heads)
    {
        var sorted = new SortedDictionary<string, ReviewedHead>(
            heads.ToDictionary(kv => kv.Key.ToString(CultureInfo.InvariantCulture), kv => kv.Value),
            StringComparer.Ordinal);
        return JsonSerializer.SerializeToUtf8Bytes(sorted, StateJsonContext.Default.SortedDictionaryStringReviewedHead);
    }

    private static ReviewedHead? Read(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String when value.GetString() is { Length: > 0 } head => new ReviewedHead(head, null, null),
        JsonValueKind.Object => value.Deserialize(StateJsonContext.Default.ReviewedHead) is { Head.Length: > 0 } head ? head : null,
        _ => null,
    };
}
