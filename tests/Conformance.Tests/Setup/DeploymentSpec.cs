namespace GitGateway.Conformance.Tests.Setup;

/// <summary>An echo Deployment from the manifests: who its pod says it is, what it serves and with which certificate.</summary>
internal sealed record DeploymentSpec(string Namespace, string Name, IReadOnlyDictionary<string, string> PodLabels, EchoMode Mode, string? CertificateSecret)
{
    public string Key => $"{Namespace}/{Name}";

    /// <summary>A pod name shaped like a ReplicaSet's (<c>&lt;deployment&gt;-&lt;hash&gt;-&lt;id&gt;</c>).</summary>
    public string PodName => $"{Name}-7d4b9c8f6-x2k4p";
}
