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
        var writer = WriteRequestsAsync(process.Input, objectIds, cancellationToken);
        foreach (var id in objectIds)
        {
            var header = await ReadHeaderAsync(process, cancellationToken).ConfigureAwait(false);
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

            var content = new byte[size];
            await ReadExactAsync(process, content, cancellationToken).ConfigureAwait(false);
            await ReadExactAsync(process, new byte[1], cancellationToken).ConfigureAwait(false); // the trailing LF
            yield return new GitBlob(id, fields[1], content);
        }

        await writer.ConfigureAwait(false);
        var exitCode = await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        if (exitCode != 0)
        {
            throw process.Failed(exitCode);
        }
    }

    private static async Task WriteRequestsAsync(Stream input, IReadOnlyList<string> objectIds, CancellationToken cancellationToken)
    {
        await Task.Yield();
        try
        {
            await using (input.ConfigureAwait(false))
            {
                foreach (var id in objectIds)
                {
                    await input.WriteAsync(Encoding.ASCII.GetBytes(id + "\n"), cancellationToken).ConfigureAwait(false);
                }

                await input.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch (IOException)
        {
            // git exited (or was stopped because the reader gave up): the reading side reports why.
        }
    }

    private async Task<string> ReadHeaderAsync(GitProcess process, CancellationToken cancellationToken)
    {
        while (true)
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

            if (await FillAsync(process, cancellationToken).ConfigureAwait(false) == 0)
            {
                throw new GitException(GitFailure.CommandFailed, "git cat-file ended early: " + process.StandardError.Trim());
            }
        }
    }

    private async Task ReadExactAsync(GitProcess process, byte[] target, CancellationToken cancellationToken)
    {
        var copied = 0;
        while (copied < target.Length)
        {
            if (_start == _end && await FillAsync(process, cancellationToken).ConfigureAwait(false) == 0)
            {
                throw new GitException(GitFailure.CommandFailed, "git cat-file ended in the middle of an object");
            }

            var n = Math.Min(target.Length - copied, _end - _start);
            Buffer.BlockCopy(_buffer, _start, target, copied, n);
            _start += n;
            copied += n;
        }
    }

    private async Task<int> FillAsync(GitProcess process, CancellationToken cancellationToken)
    {
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }

        var read = await process.ReadOutputAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
        _end += read;
        return read;
    }
}
