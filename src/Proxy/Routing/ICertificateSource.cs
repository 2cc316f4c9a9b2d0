using System.Security.Cryptography.X509Certificates;
using GitGateway.Plan.Model;

namespace GitGateway.Proxy.Routing;

/// <summary>
/// Where certificateRefs resolve: the node's disk (<see cref="CertificateStore"/>, read when a plan is compiled) or
/// the cluster's Secrets (<c>Discovery/SecretCertificateSource</c>, watched: <see cref="Version"/> moves when one
/// changes and terminating listeners reload their certificates at the next handshake, without a new plan).
/// </summary>
internal interface ICertificateSource
{
    /// <summary>Moves whenever a certificate this source holds changes; constant for a source that is read per plan.</summary>
    long Version { get; }

    /// <summary>The certificate with its private key, or null when the reference resolves to none (yet).</summary>
    X509Certificate2? LoadServer(CertificateRef reference);

    /// <summary>The CA certificates of a bundle reference; empty when none.</summary>
    X509Certificate2Collection LoadCa(CertificateRef reference);
}
