using System.Text;

namespace GitGateway.Proxy.Forwarding.Http1;

/// <summary>
/// Response header names as strings: the common ones are shared instances (Kestrel's response headers use
/// canonical names for them anyway), any other is decoded once per response.
/// </summary>
internal static class Http1HeaderNames
{
    private static readonly string[] Common =
    [
        "Content-Type", "Content-Length", "Date", "Server", "Connection", "Keep-Alive", "Transfer-Encoding",
        "Cache-Control", "ETag", "Last-Modified", "Expires", "Vary", "Location", "Set-Cookie", "Content-Encoding",
        "Accept-Ranges", "Age", "Content-Range", "Content-Language", "Content-Location", "Access-Control-Allow-Origin",
        "Access-Control-Allow-Credentials", "Access-Control-Expose-Headers", "WWW-Authenticate", "Retry-After", "Upgrade",
        "Trailer", "Via", "Strict-Transport-Security", "X-Content-Type-Options", "Content-Disposition", "Alt-Svc",
    ];

    public static string Get(ReadOnlySpan<byte> name)
    {
        foreach (var common in Common)
        {
            if (common.Length == name.Length && Ascii.EqualsIgnoreCase(name, common))
            {
                return common;
            }
        }

        return Encoding.Latin1.GetString(name);
    }
}
