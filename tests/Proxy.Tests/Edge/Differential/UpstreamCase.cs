namespace GitGateway.Proxy.Tests.Edge.Differential;

/// <summary>
/// One hostile answer of the upstream-side corpus: the bytes the backend sends for the client's first request
/// (it answers later ones with <see cref="UpstreamCorpus.Fresh"/>), and the text that must never reach the client
/// from us (a smuggled response or an injected field), if any; with <c>Close</c> the backend closes after it. Where the
/// node knowingly relays a status nginx refuses, <c>Allowed</c> says why (never a marker reaching the client).
/// </summary>
internal sealed record UpstreamCase(string Name, string Answer, string? Marker = null, bool Close = false, string? Allowed = null);
