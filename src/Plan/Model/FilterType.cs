namespace GitGateway.Plan.Model;

/// <summary>Gateway API filter types we apply.</summary>
public enum FilterType
{
    /// <summary>Set, add or remove request headers.</summary>
    RequestHeaderModifier,

    /// <summary>Set, add or remove response headers.</summary>
    ResponseHeaderModifier,

    /// <summary>Answer with a redirect.</summary>
    RequestRedirect,

    /// <summary>Rewrite hostname and/or path before forwarding.</summary>
    URLRewrite,

    /// <summary>Copy the request to another backend, ignoring its response.</summary>
    RequestMirror,

    /// <summary>Answer CORS preflights and add CORS headers.</summary>
    CORS,
}
