namespace GitGateway.Conformance.Tests.Traffic;

/// <summary>One HTTP exchange through the gateway: the response, or the client-side error that prevented one.</summary>
internal sealed record HttpProbeResult(
    int Status,
    string Protocol,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Headers,
    EchoCapture Echo,
    string RequestPath,
    string? Error)
{
    public static HttpProbeResult Failed(string requestPath, string error) =>
        new(0, "", new Dictionary<string, IReadOnlyList<string>>(), EchoCapture.Empty, requestPath, error);
}
