using System.Buffers;
using System.Text;

namespace GitGateway.Proxy.Forwarding;

/// <summary>
/// Reads the server name (SNI, RFC 6066 §3) from a TLS ClientHello without terminating TLS (RFC 8446 §4.1.2),
/// so a passthrough listener can route the connection by hostname and hand the untouched bytes to the backend.
/// </summary>
internal static class ClientHelloReader
{
    public enum Result
    {
        /// <summary>The ClientHello is not complete yet; read more.</summary>
        NeedMore,

        /// <summary>Parsed; the server name may still be null (no SNI sent).</summary>
        Done,

        /// <summary>Not a TLS handshake.</summary>
        NotTls,
    }

    public static Result TryRead(ReadOnlySequence<byte> data, out string? serverName)
    {
        serverName = null;
        if (data.Length < 5)
        {
            return Result.NeedMore;
        }

        Span<byte> header = stackalloc byte[5];
        data.Slice(0, 5).CopyTo(header);
        if (header[0] != 0x16 || header[1] != 3)
        {
            return Result.NotTls;
        }

        var recordLength = (header[3] << 8) | header[4];
        if (data.Length < 5 + recordLength)
        {
            return Result.NeedMore;
        }

        var record = data.Slice(5, recordLength).ToArray();
        return Parse(record, out serverName) ? Result.Done : Result.NotTls;
    }

    private static bool Parse(ReadOnlySpan<byte> hello, out string? serverName)
    {
        serverName = null;
        // handshake type (1) + length (3) + legacy_version (2) + random (32)
        if (hello.Length < 38 || hello[0] != 1)
        {
            return false;
        }

        var p = 38;
        if (!Skip(hello, ref p, 1) || !Skip(hello, ref p, 2) || !Skip(hello, ref p, 1))
        {
            return false; // session id, cipher suites, compression methods
        }

        if (p + 2 > hello.Length)
        {
            return true; // no extensions: no SNI
        }

        var end = Math.Min(hello.Length, p + 2 + ((hello[p] << 8) | hello[p + 1]));
        p += 2;
        while (p + 4 <= end)
        {
            var type = (hello[p] << 8) | hello[p + 1];
            var length = (hello[p + 2] << 8) | hello[p + 3];
            p += 4;
            if (p + length > end)
            {
                return false;
            }

            if (type == 0)
            {
                serverName = ReadHostName(hello.Slice(p, length));
                return true;
            }

            p += length;
        }

        return true;
    }

    private static string? ReadHostName(ReadOnlySpan<byte> extension)
    {
        // server_name_list length (2), then entries: name_type (1, 0 = host_name), length (2), name
        var p = 2;
        while (p + 3 <= extension.Length)
        {
            var nameType = extension[p];
            var length = (extension[p + 1] << 8) | extension[p + 2];
            p += 3;
            if (p + length > extension.Length)
            {
                return null;
            }

            if (nameType == 0)
            {
                return Encoding.ASCII.GetString(extension.Slice(p, length));
            }

            p += length;
        }

        return null;
    }

    private static bool Skip(ReadOnlySpan<byte> data, ref int p, int lengthBytes)
    {
        if (p + lengthBytes > data.Length)
        {
            return false;
        }

        var length = lengthBytes == 1 ? data[p] : (data[p] << 8) | data[p + 1];
        p += lengthBytes + length;
        return p <= data.Length;
    }
}
