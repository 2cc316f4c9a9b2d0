namespace GitGateway.Proxy.Forwarding;

/// <summary>Where and how one request goes upstream.</summary>
/// <param name="Origin"><c>http://host:port</c> of the chosen endpoint.</param>
/// <param name="PathAndQuery">The raw request target to send (after any rewrite).</param>
/// <param name="Host">The Host header to send.</param>
/// <param name="OriginalHost">The client's Host, for X-Forwarded-Host.</param>
/// <param name="Http2">HTTP/2 prior knowledge (h2c) instead of HTTP/1.1.</param>
/// <param name="Upgrade">The Upgrade token for a protocol switch (WebSocket), or null.</param>
/// <param name="Port">The Gateway port the client addressed, for X-Forwarded-Port.</param>
/// <param name="KeptHops">X-Forwarded-For entries kept from a trusted peer; 0 at the edge (<see cref="ForwardedValues"/>).</param>
/// <param name="Tls">The client's port terminates TLS (X-Forwarded-Proto <c>https</c>).</param>
internal readonly record struct UpstreamTarget(string Origin, string PathAndQuery, string Host, string OriginalHost, bool Http2, string? Upgrade, int Port = 0, int KeptHops = 0, bool Tls = false);
