namespace GitGateway.Plan.Model;

/// <summary>One filter; exactly the member matching <see cref="Type"/> is set.</summary>
public sealed record Filter(
    FilterType Type,
    HeaderModifier? RequestHeaderModifier = null,
    HeaderModifier? ResponseHeaderModifier = null,
    RedirectFilter? RequestRedirect = null,
    RewriteFilter? UrlRewrite = null,
    MirrorFilter? RequestMirror = null,
    CorsFilter? Cors = null);
