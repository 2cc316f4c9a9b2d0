namespace GitGateway.Renderer.Manifests;

/// <summary>
/// A Secret or ConfigMap holding TLS material; <see cref="Problem"/> says why it cannot serve as a certificate,
/// <see cref="CaProblem"/> why it cannot serve as a CA bundle, or null.
/// </summary>
/// <param name="Object">The object.</param>
/// <param name="Problem">For Secrets: not kubernetes.io/tls, missing or unparsable tls.crt/tls.key, or a key that does not match; for ConfigMaps: missing or unparsable ca.crt.</param>
/// <param name="CaProblem">For ConfigMaps: a missing or unparsable <c>ca.crt</c>; for Secrets of any type, the same of <c>ca.crt</c>, or else <c>tls.crt</c>, as the node reads them.</param>
internal sealed record TlsMaterialObject(ManifestObject Object, string? Problem, string? CaProblem);
