using System.Globalization;
using GitGateway.Plan.Model;

namespace GitGateway.Proxy.Filters;

/// <summary>
/// Builds the Location of a Gateway API HTTPRequestRedirectFilter
/// (https://gateway-api.sigs.k8s.io/reference/spec/#httprequestredirectfilter). Port rules: with no port
/// given, a changed scheme takes its well-known port (http 80, https 443) and an unchanged scheme keeps the
/// listener port; the port is left out of the Location when it is the scheme's default.
/// </summary>
internal static class RedirectBuilder
{
    public static string Location(
        RedirectFilter redirect, string requestScheme, string requestHost, int listenerPort, string path, string query, string? matchedPrefix)
    {
        var scheme = redirect.Scheme ?? requestScheme;
        var host = redirect.Hostname ?? requestHost;
        int port;
        if (redirect.Port is { } explicitPort)
        {
            port = explicitPort;
        }
        else if (redirect.Scheme is not null)
        {
            port = DefaultPort(scheme) ?? listenerPort;
        }
        else
        {
            port = listenerPort;
        }

        var newPath = redirect.Path is null ? path : PathRewriter.Rewrite(redirect.Path, path, matchedPrefix);
        var authority = DefaultPort(scheme) == port ? host : host + ":" + port.ToString(CultureInfo.InvariantCulture);
        return $"{scheme}://{authority}{newPath}{query}";
    }

    private static int? DefaultPort(string scheme) => scheme.ToLowerInvariant() switch
    {
        "http" => 80,
        "https" => 443,
        _ => null,
    };
}
