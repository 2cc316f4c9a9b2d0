namespace GitGateway.Proxy.Forwarding;

/// <summary>
/// The request as routed: the normalised path, the target to forward (that path and the raw query), the Gateway port
/// and whether the port terminates TLS (what X-Forwarded-Port and -Proto say, known per port rather than looked up
/// per request).
/// </summary>
internal readonly record struct RequestTarget(string Path, string PathAndQuery, int Port, bool Tls = false);
