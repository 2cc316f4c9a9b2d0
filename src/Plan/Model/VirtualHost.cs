namespace GitGateway.Plan.Model;

/// <summary>
/// The HTTP/gRPC route entries that serve one hostname on a listener. Entries are in precedence order:
/// the first entry whose match fits a request serves it.
/// </summary>
/// <param name="Id"><c>&lt;listener id&gt;/host/&lt;hostname&gt;</c>.</param>
/// <param name="Hostname">Exact name, <c>*.suffix</c> wildcard, or <c>*</c> for any.</param>
/// <param name="Routes">Route entries in precedence order.</param>
public sealed record VirtualHost(string Id, string Hostname, EquatableArray<RouteEntry> Routes);
