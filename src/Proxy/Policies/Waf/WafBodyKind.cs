namespace GitGateway.Proxy.Policies.Waf;

/// <summary>The request bodies the WAF parses; any other media type is forwarded uninspected.</summary>
internal enum WafBodyKind
{
    None,
    Form,
    Json,
}
