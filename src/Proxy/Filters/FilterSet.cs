using GitGateway.Plan.Model;

namespace GitGateway.Proxy.Filters;

/// <summary>The filters of a route entry or of one backend, compiled once per plan revision.</summary>
internal sealed class FilterSet
{
    public static FilterSet None { get; } = new(null, null, null, null, [], null);

    public FilterSet(
        HeaderModifier? requestHeaders,
        HeaderModifier? responseHeaders,
        RedirectFilter? redirect,
        RewriteFilter? rewrite,
        MirrorTarget[] mirrors,
        CorsPolicy? cors)
    {
        RequestHeaders = requestHeaders;
        ResponseHeaders = responseHeaders;
        Redirect = redirect;
        Rewrite = rewrite;
        Mirrors = mirrors;
        Cors = cors;
        IsEmpty = requestHeaders is null && responseHeaders is null && redirect is null && rewrite is null && mirrors.Length == 0 && cors is null;
    }

    public HeaderModifier? RequestHeaders { get; }

    public HeaderModifier? ResponseHeaders { get; }

    public RedirectFilter? Redirect { get; }

    public RewriteFilter? Rewrite { get; }

    public MirrorTarget[] Mirrors { get; }

    public CorsPolicy? Cors { get; }

    public bool IsEmpty { get; }
}
