using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace GitGateway.Reconciler.Git;

/// <summary>
/// Streams objects out of <c>git cat-file --batch</c>: ids are written by one task while responses are read by
/// the caller, so the pipes never fill both ways (a deadlock when all ids are written before reading). Each
/// response is <c>&lt;id&gt; &lt;type&gt; &lt;size&gt;\n&lt;content&gt;\n</c> or <c>&lt;id&gt; missing\n</c>.
/// </summary>
internal sealed class GitBlobReader
{
    private const int MaxHeaderBytes = 1024;
    private readonly GitRepository _repository;
    private readonly byte[] _buffer = new byte[64 * 1024];
    private int _start;
    private int _end;

    public GitBlobReader(GitRepository repository) => _repository = repository;

    /// <summary>
    /// The objects in request order. One over <paramref name="maxBytes"/> is given unread (<see cref="GitBlob.UnreadSize"/>)
    /// and ends the enumeration, stopping git: its bytes are never taken in.
    /// </summary>
    public async IAsyncEnumerable<GitBlob> ReadAsync(IReadOnlyList<string> objectIds, [EnumeratorCancellation] CancellationToken cancellationToken, long maxBytes = long.MaxValue)
    {
        foreach (var id in objectIds)
        {
            // An id is written to git's input line by line: anything but hex could inject another request.
            if (id.Length is not (40 or 64) || !id.All(char.IsAsciiHexDigitLower))
            {
                throw new ArgumentException($"'{id}' is not a full lowercase hex object id", nameof(objectIds));
            }
        }

        if (objectIds.Count == 0)
        {
            yield break;
        }

        await using var process = _repository.Command("cat-file", "--batch").Start(cancellationToken);
        var writer = process.WriteLinesAsync(objectIds, cancellationToken);
        foreach (var id in objectIds)
        {
            string? header;
            while ((header = TakeHeader()) is null)
            {
                var read = await FillAsync(process, cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    throw new GitException(GitFailure.CommandFailed, "git cat-file ended early: " + process.StandardError.Trim());
                }

                _end += read;
            }

            var fields = header.Split(' ');
            if (fields.Length == 2 && fields[1] == "missing")
            {
                yield return new GitBlob(id, "missing", ReadOnlyMemory<byte>.Empty);
                continue;
            }

            if (fields.Length != 3 || !long.TryParse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture, out var size))
            {
                throw new GitException(GitFailure.CommandFailed, $"unexpected git cat-file output '{header}'");
            }

            if (size > maxBytes)
            {
                yield return new GitBlob(id, fields[1], ReadOnlyMemory<byte>.Empty) { UnreadSize = size };
                yield break; // disposing the process stops git with the object's bytes unread
            }

            if (size > Array.MaxLength)
            {
                throw new GitException(GitFailure.CommandFailed, $"git cat-file gave an object of {size} bytes, more than one array holds");
            }

            // The content, then the LF that ends it.
            var content = new byte[size];
            var copied = 0;
            while ((copied += Take(content.AsSpan(copied))) < size || _start == _end)
            {
                var read = await FillAsync(process, cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    throw new GitException(GitFailure.CommandFailed, "git cat-file ended in the middle of an object");
                }

                _end += read;
            }

            _start++;
            yield return new GitBlob(id, fields[1], content);
        }

        await writer.ConfigureAwait(false);
        var exitCode = await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        if (exitCode != 0)
        {
            throw process.Failed(exitCode);
        }
    }

    // The next header line from the buffer, or null when it has not all arrived.
    private string? TakeHeader()
    {
        var newline = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
        if (newline >= 0)
        {
            var header = Encoding.UTF8.GetString(_buffer, _start, newline - _start);
            _start = newline + 1;
            return header;
        }

        if (_end - _start >= MaxHeaderBytes)
        {
            throw new GitException(GitFailure.CommandFailed, "git cat-file wrote an over-long header");
        }

        return null;
    }

    // Copies what the buffer holds of target's bytes into it: how many.
    private int Take(Span<byte> target)
    {
        var n = Math.Min(target.Length, _end - _start);
        _buffer.AsSpan(_start, n).CopyTo(target);
        _start += n;
        return n;
    }

    // Moves what the buffer holds to its front and reads more output after it (0 at the end; the caller adds it to
    // _end). Not async: the reader's one state machine awaits the read, none of its own is compiled at start.
    private ValueTask<int> FillAsync(GitProcess process, CancellationToken cancellationToken)
    {
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }

        return process.ReadOutputAsync(_buffer.AsMemory(_end), cancellationToken);
    }
}
