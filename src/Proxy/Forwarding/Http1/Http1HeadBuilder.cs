using System.Buffers;
using System.Text;

namespace GitGateway.Proxy.Forwarding.Http1;

/// <summary>
/// A request head written into one pooled buffer (grown by doubling), header text as Latin-1 bytes without
/// intermediate strings. Return the buffer with <see cref="Dispose"/>.
/// </summary>
internal sealed class Http1HeadBuilder : IDisposable
{
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(2048);

    public int Length { get; private set; }

    public ReadOnlyMemory<byte> Written => _buffer.AsMemory(0, Length);

    /// <summary>Forgets what was written, keeping the buffer for the next head (one builder per connection).</summary>
    public void Clear() => Length = 0;

    public void Append(ReadOnlySpan<byte> bytes)
    {
        Ensure(bytes.Length);
        bytes.CopyTo(_buffer.AsSpan(Length));
        Length += bytes.Length;
    }

    public void Append(string text)
    {
        Ensure(text.Length);
        Length += Encoding.Latin1.GetBytes(text, _buffer.AsSpan(Length));
    }

    public void Append(long value)
    {
        Ensure(20);
        value.TryFormat(_buffer.AsSpan(Length), out var written, default, System.Globalization.CultureInfo.InvariantCulture);
        Length += written;
    }

    /// <summary>Appends a value formatted as UTF-8 (an IP address, ASCII in practice).</summary>
    public void Append<T>(T value)
        where T : IUtf8SpanFormattable
    {
        Ensure(64);
        value.TryFormat(_buffer.AsSpan(Length), out var written, default, System.Globalization.CultureInfo.InvariantCulture);
        Length += written;
    }

    /// <summary><c>name: value CRLF</c>.</summary>
    public void Field(string name, string value)
    {
        Append(name);
        Append(": "u8);
        Append(value);
        Append("\r\n"u8);
    }

    public void Dispose()
    {
        var buffer = _buffer;
        _buffer = [];
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void Ensure(int more)
    {
        if (Length + more <= _buffer.Length)
        {
            return;
        }

        var larger = ArrayPool<byte>.Shared.Rent(Math.Max(Length + more, _buffer.Length * 2));
        _buffer.AsSpan(0, Length).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = larger;
    }
}
