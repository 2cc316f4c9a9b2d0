using System.Text.Json;
using GitGateway.Reconciler.Apply;
using GitGateway.Reconciler.Hosting;

namespace GitGateway.Reconciler.GitHub;

/// <summary>
/// The GitHub writes not yet accepted, kept in <c>github-outbox.json</c> in the repository's state folder and
/// rewritten atomically (<see cref="AtomicFile"/>) on every change, so a restart sends what was waiting; with
/// <paramref name="copy"/> (leader election) each version is also copied where a replica taking over finds it.
/// </summary>
internal sealed class OutboxFile(string directory, Func<byte[], CancellationToken, Task>? copy = null)
{
    private readonly SemaphoreSlim _writing = new(1, 1);

    public string Path { get; } = System.IO.Path.Combine(directory, "github-outbox.json");

    /// <summary>The saved entries, in order; a file that does not parse throws <see cref="JsonException"/>.</summary>
    public async Task<List<OutboxEntry>> LoadAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(Path))
        {
            return [];
        }

        await using var stream = File.OpenRead(Path);
        var entries = await JsonSerializer.DeserializeAsync(stream, StateJsonContext.Outbox.ListOutboxEntry, cancellationToken) ?? [];
        return [.. entries.Where(e => e.Key.Length > 0 && (e.Check is not null || (e.PullRequest is not null && e.CommentBody is not null)))];
    }

    /// <summary>Writes what <paramref name="snapshot"/> returns, taken once this save holds the file, so a later save never loses to an earlier one.</summary>
    public async Task SaveAsync(Func<IReadOnlyList<OutboxEntry>> snapshot, CancellationToken cancellationToken)
    {
        // One writer at a time: AtomicFile's temporary sibling has a fixed name.
        await _writing.WaitAsync(cancellationToken);
        try
        {
            var bytes = JsonSerializer.SerializeToUtf8Bytes(snapshot(), StateJsonContext.Outbox.IReadOnlyListOutboxEntry);
            await AtomicFile.WriteAsync(Path, bytes, cancellationToken);
            if (copy is not null)
            {
                await copy(bytes, cancellationToken);
            }
        }
        finally
        {
            _writing.Release();
        }
    }
}
