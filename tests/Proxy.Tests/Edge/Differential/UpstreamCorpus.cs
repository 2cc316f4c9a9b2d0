namespace GitGateway.Proxy.Tests.Edge.Differential;

/// <summary>
/// The upstream-side corpus: hostile answers a backend gives to the first request of a connection. The client
/// sends two requests, the second after the first on the same connection; a backend that answered the first with
/// more than its framing says must not have the rest read as the second answer (response desync).
/// </summary>
internal static class UpstreamCorpus
{
    /// <summary>The backend's answer to every request after the first.</summary>
    public const string Fresh = "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nfresh";

    /// <summary>What the client sends: two requests on one connection, the second closing it.</summary>
    public const string ClientRequests = "GET /1 HTTP/1.1\r\nHost: a.test\r\n\r\nGET /2 HTTP/1.1\r\nHost: a.test\r\nConnection: close\r\n\r\n";

    private const string Ok = "HTTP/1.1 200 OK\r\n";
    private const string SmuggledAnswer = "HTTP/1.1 200 OK\r\nContent-Length: 8\r\n\r\nsmuggled";

    public static IReadOnlyList<UpstreamCase> Cases { get; } =
    [
        new("plain 200", Ok + "Content-Length: 2\r\n\r\nok"),
        new("CL + TE", Ok + "Content-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n" + SmuggledAnswer, "smuggled"),
        new("two different Content-Length", Ok + "Content-Length: 2\r\nContent-Length: 48\r\n\r\nok" + SmuggledAnswer, "smuggled"),
        new("two equal Content-Length", Ok + "Content-Length: 2\r\nContent-Length: 2\r\n\r\nok"),
        new("Content-Length '-1'", Ok + "Content-Length: -1\r\n\r\nok"),
        new("Content-Length overflow", Ok + "Content-Length: 99999999999999999999999\r\n\r\nok"),
        new("Content-Length '+2'", Ok + "Content-Length: +2\r\n\r\nok"),
        new("body longer than Content-Length", Ok + "Content-Length: 2\r\n\r\nok" + SmuggledAnswer, "smuggled"),
        new("bare LF line endings", "HTTP/1.1 200 OK\nContent-Length: 2\n\nok"),
        new("obs-fold continuation", Ok + "X-A: a\r\n b\r\nContent-Length: 2\r\n\r\nok"),
        new("field injected by a bare CR", Ok + "X-A: a\rInjected: 1\r\nContent-Length: 2\r\n\r\nok", "Injected"),
        new("NUL in a value", Ok + "X-A: a\0b\r\nContent-Length: 2\r\n\r\nok"),
        new("space before the colon", Ok + "Content-Length : 2\r\n\r\nok"),
        new("header name with a space", Ok + "X A: b\r\nContent-Length: 2\r\n\r\nok"),
        new("TE 'xchunked', then close", Ok + "Transfer-Encoding: xchunked\r\n\r\n2\r\nok\r\n0\r\n\r\n", Close: true),
        new("TE 'chunked, identity', then close", Ok + "Transfer-Encoding: chunked, identity\r\n\r\n2\r\nok\r\n0\r\n\r\n", Close: true),
        new("chunk size overflow", Ok + "Transfer-Encoding: chunked\r\n\r\nffffffffffffffffff\r\nok\r\n0\r\n\r\n"),
        new("chunk data longer than its size", Ok + "Transfer-Encoding: chunked\r\n\r\n2\r\nok" + SmuggledAnswer + "\r\n0\r\n\r\n", "smuggled",
            Allowed: "the head is relayed before the bad chunk; the node then cuts the response off, as a streaming proxy must"),
        new("1,000 interim 100 answers", string.Concat(Enumerable.Repeat("HTTP/1.1 100 Continue\r\n\r\n", 1000)) + Ok + "Content-Length: 2\r\n\r\nok"),
        new("101 without Upgrade asked", "HTTP/1.1 101 Switching Protocols\r\nConnection: upgrade\r\nUpgrade: websocket\r\n\r\n" + SmuggledAnswer, "smuggled"),
        new("204 with a body", "HTTP/1.1 204 No Content\r\nContent-Length: 48\r\n\r\n" + SmuggledAnswer, "smuggled"),
        new("status '2000'", "HTTP/1.1 2000 OK\r\nContent-Length: 2\r\n\r\nok"),
        new("status line 'ICY 200 OK'", "ICY 200 OK\r\nContent-Length: 2\r\n\r\nok"),
        new("headers without terminator, then close", Ok + "Content-Length: 2\r\n", Close: true),
        new("header of 100 KiB", Ok + "X-A: " + new string('a', 100 * 1024) + "\r\nContent-Length: 2\r\n\r\nok"),
        new("Set-Cookie twice", Ok + "Set-Cookie: a=1\r\nSet-Cookie: b=2\r\nContent-Length: 2\r\n\r\nok"),
    ];
}
