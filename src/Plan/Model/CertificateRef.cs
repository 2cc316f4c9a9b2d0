namespace GitGateway.Plan.Model;

/// <summary>
/// A reference to TLS material by name only (a Secret with <c>tls.crt</c>/<c>tls.key</c>, or a ConfigMap with
/// <c>ca.crt</c>). Key material is never in a plan: the node reads it from its own certificate store.
/// </summary>
public sealed record CertificateRef(string Kind, string Namespace, string Name)
{
    /// <summary>"namespace/name", the layout of a node's certificate directory.</summary>
    public override string ToString() => $"{Namespace}/{Name}";
}
