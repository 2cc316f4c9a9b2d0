namespace GitGateway.Proxy.Forwarding.Http1;

/// <summary>
/// A parsed response head. Header names and values stay in the read buffer as ranges, so no string is made
/// until a header is copied to the client; one instance is reused by its connection for every response.
/// </summary>
internal sealed class Http1ResponseHead
{
    private Http1HeaderRange[] _headers = new Http1HeaderRange[16];

    public int Status { get; set; }

    /// <summary>HTTP/1.1 (not 1.0).</summary>
    public bool Version11 { get; set; }

    /// <summary>The server said <c>Connection: close</c>.</summary>
    public bool Close { get; set; }

    public Http1BodyFraming Framing { get; set; }

    /// <summary>The Content-Length when <see cref="Framing"/> is <see cref="Http1BodyFraming.ContentLength"/>.</summary>
    public long ContentLength { get; set; }

    /// <summary>Bytes the head took in the buffer, from where parsing started.</summary>
    public int Length { get; set; }

    public int HeaderCount { get; private set; }

    public ReadOnlySpan<Http1HeaderRange> Headers => _headers.AsSpan(0, HeaderCount);

    public void Reset()
    {
        Status = 0;
        Version11 = false;
        Close = false;
        Framing = Http1BodyFraming.None;
        ContentLength = 0;
        Length = 0;
        HeaderCount = 0;
    }

    public void Add(Http1HeaderRange header)
    {
        if (HeaderCount == _headers.Length)
        {
            Array.Resize(ref _headers, _headers.Length * 2);
        }

        _headers[HeaderCount++] = header;
    }
}
