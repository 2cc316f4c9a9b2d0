namespace GitGateway.Fixtures.Echo;

/// <summary>One request an echo backend answered: what it would log upstream.</summary>
/// <param name="RequestUri">The raw request target (path and query as received).</param>
/// <param name="RemoteAddress">The client address (<c>ip:port</c>).</param>
public sealed record EchoEvent(string RequestUri, string RemoteAddress)
{
    /// <summary>What the <see cref="RequestUri"/> of a logged UDP datagram starts with (then its payload as UTF-8).</summary>
    public const string UdpDatagramPrefix = "udp:";

    /// <summary>The request's Content-Length header, or null (chunked or no body).</summary>
    public long? ContentLength { get; init; }

    /// <summary>How many request body bytes the echo read (0 without a body).</summary>
    public long BodyLength { get; init; }

    /// <summary>The SHA-256 of the request body, lowercase hex (that of no bytes without a body).</summary>
    public string BodySha256 { get; init; } = "";

    /// <summary>The log line of the upstream image, which the mirror tests look for.</summary>
    public override string ToString() => $"Echoing back request made to {RequestUri} to client ({RemoteAddress})";
}
