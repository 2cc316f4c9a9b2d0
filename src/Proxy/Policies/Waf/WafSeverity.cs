namespace GitGateway.Proxy.Policies.Waf;

/// <summary>
/// How much a matched rule adds to the request's anomaly score; the values are the ones the OWASP Core Rule Set
/// uses for its anomaly scoring mode, so thresholds written for it mean the same here.
/// </summary>
internal enum WafSeverity
{
    Notice = 2,
    Warning = 3,
    Error = 4,
    Critical = 5,
}
