namespace GitGateway.Proxy.Forwarding;

/// <summary>
/// What a request header whose name holds an underscore gets (Envoy's <c>headers_with_underscores_action</c>): a
/// backend that folds <c>_</c> into <c>-</c> (CGI, nginx with <c>underscores_in_headers</c>, many frameworks)
/// would otherwise take <c>X_Forwarded_For</c> for a header the node sets.
/// </summary>
internal enum UnderscoreHeaderAction
{
    /// <summary>Not forwarded (the default, as Envoy Gateway configures Envoy).</summary>
    Drop,

    /// <summary>The request is answered 400.</summary>
    Reject,

    /// <summary>Forwarded as sent.</summary>
    Allow,
}
