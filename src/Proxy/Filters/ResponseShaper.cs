using GitGateway.Plan.Model;

namespace GitGateway.Proxy.Filters;

/// <summary>
/// What happens to a backend's response headers before they go out: the entry's and then the backend's
/// ResponseHeaderModifier, and CORS headers. Built once per entry and backend pair at compile time.
/// </summary>
internal sealed class ResponseShaper(HeaderModifier? entryHeaders, HeaderModifier? backendHeaders, CorsPolicy? cors)
{
    public static ResponseShaper None { get; } = new(null, null, null);

    public bool IsEmpty { get; } = entryHeaders is null && backendHeaders is null && cors is null;

    public void Apply(HttpContext context)
    {
        if (IsEmpty)
        {
            return;
        }

        if (entryHeaders is not null)
        {
            HeaderModifierApplier.Apply(entryHeaders, context.Response.Headers);
        }

        if (backendHeaders is not null)
        {
            HeaderModifierApplier.Apply(backendHeaders, context.Response.Headers);
        }

        cors?.AddResponseHeaders(context);
    }
}
