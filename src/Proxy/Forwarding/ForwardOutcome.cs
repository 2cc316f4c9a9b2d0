namespace GitGateway.Proxy.Forwarding;

/// <summary>How a forwarded request ended: the status the client got and which endpoint served it.</summary>
/// <param name="Status">The status sent to the client; 499 when the client went away first.</param>
/// <param name="Endpoint">The endpoint of the last try, or null.</param>
/// <param name="Error">Why the proxy answered for the backend (e.g. <c>connect</c>, <c>timeout</c>), or null.</param>
/// <param name="Again">
/// Only between <see cref="HttpForwarder"/>'s tries: the retry policy allows another one, and nothing was sent to the
/// client yet. An outcome the forwarder returns never has it.
/// </param>
internal readonly record struct ForwardOutcome(int Status, string? Endpoint, string? Error, bool Again = false)
{
    /// <summary>A try that the retry policy may repeat.</summary>
    public static ForwardOutcome Retry(int status, string endpoint, string error) => new(status, endpoint, error, Again: true);
}
