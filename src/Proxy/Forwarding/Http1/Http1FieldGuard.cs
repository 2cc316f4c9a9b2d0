namespace GitGateway.Proxy.Forwarding.Http1;

/// <summary>
/// The last line against request smuggling into a backend: a request line or header field that would carry CR,
/// LF or NUL is never written (RFC 9110 §5.5). Kestrel refuses them from clients and the plan loader refuses
/// them in a plan (<c>PlanValidator</c>); this catches anything that got past both.
/// </summary>
internal static class Http1FieldGuard
{
    private static readonly System.Buffers.SearchValues<char> NotInValue = System.Buffers.SearchValues.Create("\r\n\0");
    private static readonly System.Buffers.SearchValues<char> NotInName = System.Buffers.SearchValues.Create("\r\n\0: \t");
    private static readonly System.Buffers.SearchValues<char> NotInTarget = System.Buffers.SearchValues.Create("\r\n\0 \t");

    /// <summary>Whether a header field may be written; one that may not is left out.</summary>
    public static bool IsSafe(string name, string value) =>
        !value.AsSpan().ContainsAny(NotInValue) && !name.AsSpan().ContainsAny(NotInName);

    /// <summary>Throws (the request fails as a 502 would) when the method, target or Host cannot be written safely.</summary>
    public static void EnsureRequestLine(string method, string pathAndQuery, string host)
    {
        if (method.AsSpan().ContainsAny(NotInTarget) || pathAndQuery.AsSpan().ContainsAny(NotInTarget) || host.AsSpan().ContainsAny(NotInValue))
        {
            throw new HttpRequestException(HttpRequestError.InvalidResponse, "refused to write a request line or Host holding a control character");
        }
    }
}
