namespace GitGateway.Fixtures.Echo;

/// <summary>One request an echo backend answered: what it would log upstream.</summary>
/// <param name="RequestUri">The raw request target (path and query as received).</param>
/// <param name="RemoteAddress">The client address (<c>ip:port</c>).</param>
public sealed record EchoEvent(string RequestUri, string RemoteAddress)
{
    /// <summary>The log line of the upstream image, which the mirror tests look for.</summary>
    public override string ToString() => $"Echoing back request made to {RequestUri} to client ({RemoteAddress})";
}
