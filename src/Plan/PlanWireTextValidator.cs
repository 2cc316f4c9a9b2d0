using GitGateway.Plan.Model;

namespace GitGateway.Plan;

/// <summary>
/// Refuses a plan whose text would reach the wire carrying a control character: header names and values of
/// header modifiers (request and response, on entries and backends), redirect and rewrite hostnames and paths,
/// CORS values, JWT claim header names, virtual host names and path match values. A CR or LF there splits a
/// header or a request line (request smuggling, response splitting); NUL and the other C0 controls and DEL are
/// invalid in fields (RFC 9110 §5.5). A DirectResponse body may hold any text: it is a body, not a field.
/// </summary>
internal static class PlanWireTextValidator
{
    public static void Check(Listener listener, List<string> problems)
    {
        foreach (var host in listener.VirtualHosts)
        {
            Text(host.Id, "hostname", host.Hostname, problems);
            foreach (var route in host.Routes)
            {
                Text(route.Id, "path match", route.Match.Path.Value, problems);
                Filters(route.Id, route.Filters, problems);
                foreach (var backend in route.Backends)
                {
                    Filters(route.Id, backend.Filters, problems);
                }

                foreach (var policy in route.Policies)
                {
                    foreach (var claim in policy.Jwt?.ForwardClaims ?? default)
                    {
                        Text(route.Id, "JWT claim header", claim.Value, problems);
                    }
                }
            }
        }
    }

    private static void Filters(string owner, EquatableArray<Filter> filters, List<string> problems)
    {
        foreach (var filter in filters)
        {
            Headers(owner, filter.RequestHeaderModifier, problems);
            Headers(owner, filter.ResponseHeaderModifier, problems);
            if (filter.RequestRedirect is { } redirect)
            {
                Text(owner, "redirect scheme", redirect.Scheme, problems);
                Text(owner, "redirect hostname", redirect.Hostname, problems);
                Text(owner, "redirect path", redirect.Path?.Value, problems);
            }

            if (filter.UrlRewrite is { } rewrite)
            {
                Text(owner, "rewrite hostname", rewrite.Hostname, problems);
                Text(owner, "rewrite path", rewrite.Path?.Value, problems);
            }

            if (filter.Cors is { } cors)
            {
                foreach (var value in cors.AllowOrigins.Concat(cors.AllowMethods).Concat(cors.AllowHeaders).Concat(cors.ExposeHeaders))
                {
                    Text(owner, "CORS value", value, problems);
                }
            }
        }
    }

    private static void Headers(string owner, HeaderModifier? modifier, List<string> problems)
    {
        if (modifier is null)
        {
            return;
        }

        foreach (var header in modifier.Set.Concat(modifier.Add))
        {
            Text(owner, "header name", header.Name, problems);
            Text(owner, $"header {Printable(header.Name)} value", header.Value, problems);
        }

        foreach (var name in modifier.Remove)
        {
            Text(owner, "header name", name, problems);
        }
    }

    private static void Text(string owner, string what, string? value, List<string> problems)
    {
        if (value is null)
        {
            return;
        }

        // Horizontal tab may stand inside a field value (RFC 9110 §5.5); every other C0 control and DEL may not.
        foreach (var c in value)
        {
            if ((c < ' ' && c != '\t') || c == '\u007f')
            {
                problems.Add($"{owner}: {what} holds a control character (U+{(int)c:X4}); refused, it would reach the wire");
                return;
            }
        }
    }

    private static string Printable(string name) => name.AsSpan().IndexOfAnyInRange('\0', '\u001f') < 0 ? name : "(unprintable)";
}
