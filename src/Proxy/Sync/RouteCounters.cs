namespace GitGateway.Proxy.Sync;

/// <summary>
/// One route entry's request counters since the node started, as a node reports them to the control plane:
/// requests, answers with a 5xx status, and requests whose backend could not be connected to. The control plane
/// compares two reports of the same node, so counters only ever grow.
/// </summary>
public sealed record RouteCounters(string Route, long Requests, long ServerErrors, long ConnectErrors);
