namespace GitGateway.Proxy.Routing;

/// <summary>
/// What a request path holding an encoded slash (<c>%2F</c>) or backslash (<c>%5C</c>) gets; neither is ever
/// decoded into a separator (Envoy's <c>path_with_escaped_slashes_action</c>).
/// </summary>
internal enum EscapedSlashAction
{
    /// <summary>400 Bad Request (the default).</summary>
    Reject,

    /// <summary>Kept encoded (hex upper-cased): matched, authorised and forwarded as a character, not a separator.</summary>
    Keep,
}
