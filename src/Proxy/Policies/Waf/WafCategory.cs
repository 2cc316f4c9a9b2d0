namespace GitGateway.Proxy.Policies.Waf;

/// <summary>What kind of attack a WAF rule looks for.</summary>
internal enum WafCategory
{
    ProtocolEnforcement,
    ScannerDetection,
    PathTraversal,
    CommandInjection,
    CrossSiteScripting,
    SqlInjection,
}
