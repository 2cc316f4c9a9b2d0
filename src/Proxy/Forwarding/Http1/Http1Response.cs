using System.Buffers;

namespace GitGateway.Proxy.Forwarding.Http1;

/// <summary>
/// A response read from a pooled connection: the head is in the connection's buffer; the body is read as its
/// framing says (RFC 9112 §6.3) and written to the client chunk by chunk (a chunked body is decoded and framed
/// again by the client's connection). The connection goes back to the pool only when the body was read to its
/// end, the request body (if any) was sent whole, the server did not ask to close, and nothing unasked followed the
/// response.
/// </summary>
/// <remarks>
/// One per connection, begun again for each exchange (<see cref="Http1Exchange"/>): the forwarder disposes it once,
/// which gives the connection back or closes it, before the connection can carry another request.
/// </remarks>
internal sealed class Http1Response(Http1ConnectionPool pool, Http1Connection connection) : UpstreamResponse
{
    private readonly Http1ConnectionPool _pool = pool;
    private readonly Http1Connection _connection = connection;
    private int _headStart;
    private Task<bool>? _sending;
    private bool _bodyDone;

    /// <summary>The answer whose head the connection just parsed.</summary>
    /// <param name="sending">The request body still being sent, or null for a request without one.</param>
    public Http1Response Begin(Task<bool>? sending)
    {
        _sending = sending;
        _headStart = _connection.Start;
        _connection.Start += _connection.Head.Length;
        _bodyDone = _connection.Head.Framing == Http1BodyFraming.None;
        return this;
    }

    public override int Status => _connection.Head.Status;

    public override void CopyHead(HttpResponse response)
    {
        response.StatusCode = Status;
        var headers = response.Headers;
        var buffer = _connection.Buffer.AsSpan(_headStart);
        var fields = _connection.Head.Headers;
        for (var i = 0; i < fields.Length; i++)
        {
            var name = Http1HeaderNames.Get(buffer.Slice(fields[i].NameStart, fields[i].NameLength));
            if (HopByHopHeaders.Contains(name) || (IsContentLength(name) && (Status == StatusCodes.Status204NoContent || SeenBefore(buffer, fields, i))))
            {
                continue; // a repeated Content-Length is the same value (the parser checked); a 204 has none (RFC 9110 §8.6)
            }

            var value = _connection.Values.Get(i, buffer.Slice(fields[i].ValueStart, fields[i].ValueLength));
            if (SeenBefore(buffer, fields, i))
            {
                headers.Append(name, value);
            }
            else
            {
                headers[name] = value;
            }
        }
    }

    private static bool IsContentLength(string name) => string.Equals(name, "Content-Length", StringComparison.OrdinalIgnoreCase);

    public override async Task CopyBodyAsync(HttpResponse response, CancellationToken cancellationToken)
    {
        var body = response.Body;
        switch (_connection.Head.Framing)
        {
            case Http1BodyFraming.ContentLength when ResponseCopier.WritesWhole(response) && _connection.End - _connection.Start >= _connection.Head.ContentLength:
                var whole = (int)_connection.Head.ContentLength;
                await ResponseCopier.WriteWholeAsync(response, _connection.Buffer.AsMemory(_connection.Start, whole), cancellationToken);
                _connection.Start += whole;
                break;
            case Http1BodyFraming.ContentLength:
                await CopyLengthAsync(body, _connection.Head.ContentLength, cancellationToken);
                break;
            case Http1BodyFraming.Chunked:
                await CopyChunkedAsync(body, cancellationToken);
                break;
            case Http1BodyFraming.UntilClose:
                await CopyLengthAsync(body, long.MaxValue, cancellationToken);
                break;
        }

        _bodyDone = true;
    }

    public override void Dispose()
    {
        // A request body not yet sent whole (the backend answered early) leaves the connection unusable; closing
        // it also ends the send.
        var sent = _sending is null || (_sending.IsCompletedSuccessfully && _sending.Result);
        _sending = null;
        if (sent && _bodyDone && !_connection.Head.Close && _connection.Start == _connection.End)
        {
            _pool.Return(_connection);
        }
        else
        {
            _connection.Dispose();
        }
    }

    private static bool SeenBefore(ReadOnlySpan<byte> buffer, ReadOnlySpan<Http1HeaderRange> fields, int index)
    {
        var name = buffer.Slice(fields[index].NameStart, fields[index].NameLength);
        for (var j = 0; j < index; j++)
        {
            if (System.Text.Ascii.EqualsIgnoreCase(name, buffer.Slice(fields[j].NameStart, fields[j].NameLength)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Reads more of the body; a lost connection is an <see cref="IOException"/>, as the forwarder expects mid-body.</summary>
    private async ValueTask<int> FillAsync(CancellationToken cancellationToken)
    {
        try
        {
            return _connection.Commit(await _connection.ReceiveAsync(0, cancellationToken));
        }
        catch (System.Net.Sockets.SocketException e)
        {
            throw new IOException("the backend connection failed in the middle of the response body", e);
        }
    }

    private async Task CopyLengthAsync(Stream body, long length, CancellationToken cancellationToken)
    {
        var untilClose = length == long.MaxValue;
        while (length > 0)
        {
            if (_connection.Start == _connection.End && await FillAsync(cancellationToken) == 0)
            {
                if (untilClose)
                {
                    return;
                }

                throw new IOException("the backend closed the connection before the end of the response body");
            }

            var count = (int)Math.Min(length, _connection.End - _connection.Start);
            await body.WriteAsync(_connection.Buffer.AsMemory(_connection.Start, count), cancellationToken);
            _connection.Start += count;
            length -= count;
        }
    }

    private async Task CopyChunkedAsync(Stream body, CancellationToken cancellationToken)
    {
        var decoder = default(Http1ChunkedDecoder);
        while (true)
        {
            var status = decoder.Decode(_connection.Buffered, out var consumed, out var dataStart, out var dataLength);
            var start = _connection.Start;
            _connection.Start += consumed;
            if (dataLength > 0)
            {
                await body.WriteAsync(_connection.Buffer.AsMemory(start + dataStart, dataLength), cancellationToken);
                continue;
            }

            switch (status)
            {
                case OperationStatus.Done:
                    return;
                case OperationStatus.InvalidData:
                    throw new IOException("the backend sent a malformed chunked body");
            }

            if (await FillAsync(cancellationToken) == 0)
            {
                throw new IOException("the backend closed the connection before the end of the chunked body");
            }
        }
    }
}
