using System.Globalization;
using System.Text.Json;
using GitGateway.Reconciler.Apply;

namespace GitGateway.Reconciler.Review;

/// <summary>
/// The head each open pull request was last reviewed at, kept in <c>reviewed.json</c> in the repository's state
/// folder (written atomically), so a restarted control plane does not post or edit the comment again for a head
/// it already reviewed.
/// </summary>
internal sealed class ReviewedHeadsStore(string directory)
{
    public string Path { get; } = System.IO.Path.Combine(directory, "reviewed.json");

    public async Task<Dictionary<int, string>> LoadAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(Path))
        {
            return [];
        }

        await using var stream = File.OpenRead(Path);
        var saved = await JsonSerializer.DeserializeAsync<Dictionary<string, string>>(stream, cancellationToken: cancellationToken) ?? [];
        return saved
            .Where(kv => int.TryParse(kv.Key, NumberStyles.None, CultureInfo.InvariantCulture, out _))
            .ToDictionary(kv => int.Parse(kv.Key, CultureInfo.InvariantCulture), kv => kv.Value);
    }

    public Task SaveAsync(IReadOnlyDictionary<int, string> heads, CancellationToken cancellationToken)
    {
        var sorted = new SortedDictionary<string, string>(
            heads.ToDictionary(kv => kv.Key.ToString(CultureInfo.InvariantCulture), kv => kv.Value),
            StringComparer.Ordinal);
        return AtomicFile.WriteAsync(Path, JsonSerializer.SerializeToUtf8Bytes(sorted), cancellationToken);
    }
}
