namespace GitGateway.Renderer.Manifests;

/// <summary>A Secret or ConfigMap holding TLS material; <see cref="Problem"/> says why it cannot serve, or null.</summary>
/// <param name="Object">The object.</param>
/// <param name="Problem">For Secrets: not kubernetes.io/tls, missing or unparsable tls.crt/tls.key, or a key that does not match; for ConfigMaps: missing or unparsable ca.crt.</param>
internal sealed record TlsMaterialObject(ManifestObject Object, string? Problem);
