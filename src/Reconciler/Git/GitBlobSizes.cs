using System.Globalization;
using System.Text;

namespace GitGateway.Reconciler.Git;

/// <summary>
/// Object sizes from one <c>git cat-file --batch-check</c>, so that a walk through history reads no blob over the
/// renderer's file limit (a hostile history may hold one of any size).
/// </summary>
internal static class GitBlobSizes
{
    public static async Task<Dictionary<string, long>> ReadAsync(GitRepository repository, IReadOnlyList<string> objectIds, CancellationToken cancellationToken)
    {
        var sizes = new Dictionary<string, long>(StringComparer.Ordinal);
        if (objectIds.Count == 0)
        {
            return sizes;
        }

        if (objectIds.Any(id => id.Length is not (40 or 64) || !id.All(char.IsAsciiHexDigitLower)))
        {
            throw new ArgumentException("object ids must be full lowercase hex", nameof(objectIds));
        }

        await using var process = repository.Command("cat-file", "--batch-check=%(objectname) %(objectsize)").Start(cancellationToken);
        var writer = process.WriteLinesAsync(objectIds, cancellationToken);
        using var output = new MemoryStream();
        var buffer = new byte[64 * 1024];
        int read;
        while ((read = await process.ReadOutputAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            output.Write(buffer, 0, read);
        }

        await writer.ConfigureAwait(false);
        var exitCode = await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        if (exitCode != 0)
        {
            throw process.Failed(exitCode);
        }

        foreach (var line in Encoding.ASCII.GetString(output.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var fields = line.Split(' ');
            if (fields.Length == 2 && long.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var size))
            {
                sizes[fields[0]] = size;
            }
        }

        return sizes;
    }
}
