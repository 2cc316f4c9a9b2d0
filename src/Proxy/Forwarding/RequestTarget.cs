namespace GitGateway.Proxy.Forwarding;

/// <summary>The request as routed: the normalised path, the target to forward (that path and the raw query) and the Gateway port.</summary>
internal readonly record struct RequestTarget(string Path, string PathAndQuery, int Port);
