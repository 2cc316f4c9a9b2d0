namespace GitGateway.Renderer.Ingress;

/// <summary>
/// A routing test generated from an Ingress rule: the request its host and path stand for and what the Ingress
/// did with it (one backend, a weighted split, or a redirect), in the repository's routing-test format.
/// </summary>
internal sealed record IngressTestCase(
    string Name,
    string Host,
    string Path,
    string? Scheme,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    string? Backend,
    IReadOnlyList<KeyValuePair<string, int>>? Backends,
    int? Status,
    string? Redirect);
