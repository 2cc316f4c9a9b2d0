namespace GitGateway.Proxy.Forwarding.Http1;

/// <summary>How a response body's end is found (RFC 9112 §6.3).</summary>
internal enum Http1BodyFraming
{
    /// <summary>No body: HEAD, 1xx, 204, 304, or Content-Length: 0.</summary>
    None,

    /// <summary>Exactly Content-Length bytes.</summary>
    ContentLength,

    /// <summary>Transfer-Encoding ending in chunked.</summary>
    Chunked,

    /// <summary>Everything until the server closes the connection.</summary>
    UntilClose,
}
