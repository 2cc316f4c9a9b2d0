namespace GitGateway.Proxy.Forwarding;

/// <summary>A failure reading the client's request body, as the client's error that the forwarder answers.</summary>
internal static class ClientBodyError
{
    /// <summary>
    /// Kestrel's own <see cref="BadHttpRequestException"/> (most bad bodies), or a 400 around what it threw instead
    /// (an overflowing chunk size is a bare <see cref="IOException"/>).
    /// </summary>
    public static BadHttpRequestException From(Exception e) =>
        e as BadHttpRequestException ?? new BadHttpRequestException(e.Message, StatusCodes.Status400BadRequest, e);
}
