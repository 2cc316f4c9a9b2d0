namespace GitGateway.Conformance.Tests.Setup;

/// <summary>
/// A Secret or ConfigMap the conformance suite creates in Go (<c>suite-setup.json</c>), or one a manifest carries:
/// PEM certificate, optional PKCS#1 key PEM; ConfigMaps hold the certificate as <c>ca.crt</c>.
/// </summary>
internal sealed record SuiteObject(string Kind, string Namespace, string Name, string CertificatePem, string? KeyPem)
{
    public string Key => $"{Namespace}/{Name}";
}
